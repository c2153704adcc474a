using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// A property or field of a source type, analysed with its type (<see cref="TypeContext"/>, from a semantic-model action per
/// file). The rules that read members' annotations walk each type's members instead of registering one action per property and
/// field, or one per type: the analyzer driver pays per symbol and per analyzer, and on a model of 1,000 entities × 20 members
/// four rules with member actions cost more allocations than all their checks.
/// </summary>
internal readonly struct MemberContext(ISymbol symbol, Action<Diagnostic> reportDiagnostic, CancellationToken cancellationToken)
{
    public MemberContext(TypeContext context)
        : this(context.Symbol, context.Report, context.CancellationToken)
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
    public static void ForEachMember(TypeContext type, PrivacySymbols symbols, Action<MemberContext> analyze)
    {
        var named = type.Symbol;

        // A member is generated only when its type may be (a generated file, [GeneratedCode] on it or around it) or it carries
        // [GeneratedCode] itself: asked once per type, not once per member and rule.
        var typeMayBeGenerated = GeneratedCode.IsGenerated(named, symbols, type.CancellationToken) || AnyGeneratedDeclaration(named, type.CancellationToken);
        foreach (var member in named.GetMembers())
        {
            // The attributes first (cached by the compiler), then the locations (a new array on every call), read once.
            if (member is not (IPropertySymbol or IFieldSymbol { AssociatedSymbol: null, IsImplicitlyDeclared: false })
                || member.GetAttributes().IsEmpty
                || SourceLocation(member) is null
                || (typeMayBeGenerated ? GeneratedCode.IsGenerated(member, symbols, type.CancellationToken) : PrivacySymbols.HasAttribute(member, symbols.GeneratedCode)))
            {
                continue;
            }

            analyze(new MemberContext(member, type.Report, type.CancellationToken));
        }
    }

    /// <summary>The symbol's first location when it is in source; its locations read once (a new array on every call).</summary>
    public static Location? SourceLocation(ISymbol symbol)
    {
        var locations = symbol.Locations;
        return locations.Length > 0 && locations[0].IsInSource ? locations[0] : null;
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
