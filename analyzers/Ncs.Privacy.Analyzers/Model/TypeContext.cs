using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// A named type declared in the file a semantic-model action analyses: what a type symbol action would have been given. The
/// rules that check types and their members run from one semantic-model action per file instead of a symbol action, because the
/// analyzer driver pays for a symbol action per analyzer and per symbol of every kind numbered below the registered one: a
/// <see cref="SymbolKind.NamedType"/> action makes it allocate a diagnostic sink and read the locations of every field and method
/// (each property accessor) of the compilation for that analyzer, actions or not. On 1,000 entity types × 20 members that was
/// 47 MB for six rules, two thirds of the analyzers' whole cost (docs/performance.md, section 4).
/// </summary>
internal readonly struct TypeContext(INamedTypeSymbol symbol, Compilation compilation, Action<Diagnostic> reportDiagnostic, CancellationToken cancellationToken)
{
    public INamedTypeSymbol Symbol { get; } = symbol;

    public Compilation Compilation { get; } = compilation;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Action<Diagnostic> Report { get; } = reportDiagnostic;

    public void ReportDiagnostic(Diagnostic diagnostic) => Report(diagnostic);

    /// <summary>
    /// Runs <paramref name="analyze"/> once for every class, struct, record, interface and enum declared in the file (nested
    /// ones included). A partial type declared in several files is analysed in each of them, and each diagnostic is reported
    /// from exactly one: the file it is located in when the type is declared there, else the type's first declaring file that
    /// is not generated (a configuration method inherited from a base class in a third file, say), so nothing is reported twice
    /// and nothing the symbol action reported is lost.
    /// </summary>
    public static void ForEachType(SemanticModelAnalysisContext context, Action<TypeContext> analyze)
    {
        if (context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken) is CompilationUnitSyntax root)
        {
            // One sink per file, not per type (a delegate on the context struct boxes it), and no closure in the walk itself: it
            // visits every member declaration of the file.
            new Walk(context.SemanticModel, context.ReportDiagnostic, analyze, context.CancellationToken).Visit(root.Members);
        }
    }

    private sealed class Walk(SemanticModel model, Action<Diagnostic> report, Action<TypeContext> analyze, CancellationToken cancellationToken)
    {
        private HashSet<INamedTypeSymbol>? _partials;

        public void Visit(SyntaxList<MemberDeclarationSyntax> members)
        {
            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax ns)
                {
                    Visit(ns.Members);
                }
                else if (member is BaseTypeDeclarationSyntax declaration)
                {
                    Analyze(declaration);
                    if (declaration is TypeDeclarationSyntax withMembers)
                    {
                        Visit(withMembers.Members);
                    }
                }
            }
        }

        private void Analyze(BaseTypeDeclarationSyntax declaration)
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not { } type)
            {
                return;
            }

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                analyze(new TypeContext(type, model.Compilation, report, cancellationToken));
            }
            else if ((_partials ??= new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default)).Add(type))
            {
                var tree = model.SyntaxTree;
                var token = cancellationToken;
                var sink = report;
                analyze(new TypeContext(type, model.Compilation, d =>
                {
                    if (ReportsHere(d, type, tree, token))
                    {
                        sink(d);
                    }
                }, token));
            }
        }
    }

    /// <summary>Whether a partial type's diagnostic is reported from <paramref name="tree"/> (see <see cref="ForEachType"/>).</summary>
    private static bool ReportsHere(Diagnostic diagnostic, INamedTypeSymbol type, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var at = diagnostic.Location.SourceTree;
        if (at == tree)
        {
            return true;
        }

        SyntaxTree? home = null, first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (at is not null && reference.SyntaxTree == at)
            {
                // Reported when that file is analysed.
                return false;
            }

            first ??= reference.SyntaxTree;
            if (home is null && !GeneratedCode.IsGenerated(reference.SyntaxTree, cancellationToken))
            {
                home = reference.SyntaxTree;
            }
        }

        return (home ?? first) == tree;
    }
}
