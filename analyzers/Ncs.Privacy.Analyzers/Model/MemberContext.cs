using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// A property or field of a source type, analysed from its type's symbol action. The rules that read members' annotations
/// register one action per type and walk its members, instead of one action per property and field: the analyzer driver pays
/// per symbol and per analyzer, and on a model of 1,000 entities × 20 members, four rules with member actions cost more
/// allocations than all their checks.
/// </summary>
internal readonly struct MemberContext(ISymbol symbol, Action<Diagnostic> reportDiagnostic, CancellationToken cancellationToken)
{
    public MemberContext(SymbolAnalysisContext context)
        : this(context.Symbol, context.ReportDiagnostic, context.CancellationToken)
    {
    }

    public ISymbol Symbol { get; } = symbol;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public void ReportDiagnostic(Diagnostic diagnostic) => reportDiagnostic(diagnostic);

    /// <summary>
    /// Runs <paramref name="analyze"/> for every property and field the type declares in source that carries an attribute (the
    /// rules read annotations only): what a member symbol action would have been given. Compiler-generated backing fields and
    /// members declared only in generated code are skipped, as the driver skips them.
    /// </summary>
    public static void ForEachMember(SymbolAnalysisContext type, PrivacySymbols symbols, Action<MemberContext> analyze)
    {
        Action<Diagnostic>? report = null;
        var named = (INamedTypeSymbol)type.Symbol;

        // A member is generated only when its type may be (a generated file, [GeneratedCode] on it or around it) or it carries
        // [GeneratedCode] itself: asked once per type, not once per member and rule.
        var typeMayBeGenerated = GeneratedCode.IsGenerated(named, symbols, type.CancellationToken) || AnyGeneratedDeclaration(named, type.CancellationToken);
        foreach (var member in named.GetMembers())
        {
            if (member is not (IPropertySymbol or IFieldSymbol { AssociatedSymbol: null, IsImplicitlyDeclared: false })
                || member.Locations.Length == 0 || !member.Locations[0].IsInSource
                || member.GetAttributes().IsEmpty
                || (typeMayBeGenerated ? GeneratedCode.IsGenerated(member, symbols, type.CancellationToken) : PrivacySymbols.HasAttribute(member, symbols.GeneratedCode)))
            {
                continue;
            }

            report ??= type.ReportDiagnostic;
            analyze(new MemberContext(member, report, type.CancellationToken));
        }
    }

    private static bool AnyGeneratedDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (GeneratedCode.IsGenerated(reference.SyntaxTree, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
