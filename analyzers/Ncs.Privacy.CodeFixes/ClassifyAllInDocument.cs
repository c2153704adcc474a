using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.CodeFixes;

/// <summary>
/// Fix All for NCSP001 (document, project, solution; also what <c>dotnet format analyzers</c> runs), with the kind of fix the
/// chosen action names (<see cref="ClassifyMemberCodeFix.NotPersonalDataKey"/> or <see cref="ClassifyMemberCodeFix.PersonalDataKey"/>).
/// Each affected document is edited in one pass, from its last edit to its first so that the spans still to fix stay where they
/// were, and gets the <c>using Ncs.Privacy.EntityFrameworkCore;</c> that configuration-call fixes need once: merging one fix per
/// diagnostic (the batch fixer) dropped all but the first of the overlapping using insertions, and their fixes with them. A
/// member of another project reported at a <c>DbSet</c> is classified in its own file when the solution has that project, once
/// however many diagnostics name it. Placeholders are left to a person.
/// </summary>
internal sealed class ClassifyAllInDocument : FixAllProvider
{
    public static ClassifyAllInDocument Instance { get; } = new();

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var diagnostics = new List<Diagnostic>();
        switch (fixAllContext.Scope)
        {
            case FixAllScope.Document when fixAllContext.Document is not null:
                diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                break;
            case FixAllScope.Project:
                diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                break;
            case FixAllScope.Solution:
                foreach (var project in fixAllContext.Solution.Projects)
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                break;
            default:
                return null;
        }

        var personal = fixAllContext.CodeActionEquivalenceKey == ClassifyMemberCodeFix.PersonalDataKey;
        var solution = fixAllContext.Solution;
        return CodeAction.Create(
            personal ? "Mark every unclassified member as personal data (TODO: confirm)" : "Mark every unclassified member as not personal data (TODO: give the reasons)",
            token => FixAsync(solution, diagnostics.Where(d => fixAllContext.DiagnosticIds.Contains(d.Id)).ToList(), personal, token),
            fixAllContext.CodeActionEquivalenceKey);
    }

    private static async Task<Solution> FixAsync(Solution solution, List<Diagnostic> diagnostics, bool personal, CancellationToken cancellationToken)
    {
        // Per document: the declaration (by its span start) or configuration call to classify; a declaration once.
        var edits = new Dictionary<DocumentId, Dictionary<int, (Diagnostic? Mapped, string? Name, Microsoft.CodeAnalysis.Text.TextSpan Span)>>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.PlaceholderProperty) || diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.FromOtherAssemblyProperty))
            {
                if (await ClassifyMemberCodeFix.FindInSolutionAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    Add(edits, found.Document.Id, found.Declaration.SpanStart, (null, null, found.Declaration.Span));
                }

                continue;
            }

            var document = solution.GetDocument(tree)
                ?? (tree.FilePath.Length > 0 ? solution.GetDocumentIdsWithFilePath(tree.FilePath).Select(solution.GetDocument).FirstOrDefault(d => d is not null) : null);
            if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            if (diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.MappedByNameProperty, out var name) && name is not null)
            {
                Add(edits, document.Id, diagnostic.Location.SourceSpan.Start, (diagnostic, name, diagnostic.Location.SourceSpan));
            }
            else if (AttributeInsertion.Declaration(root, diagnostic.Location.SourceSpan) is { } declaration)
            {
                Add(edits, document.Id, declaration.SpanStart, (null, null, declaration.Span));
            }
        }

        foreach (var pair in edits)
        {
            var document = solution.GetDocument(pair.Key)!;
            var changed = document;
            var chained = false;
            foreach (var edit in pair.Value.OrderByDescending(e => e.Key).Select(e => e.Value))
            {
                if (edit.Mapped is not null)
                {
                    var next = await ClassifyMappedMemberCodeFix.ChainAsync(changed, edit.Mapped, edit.Name!, personal, cancellationToken).ConfigureAwait(false);
                    chained |= !ReferenceEquals(next, changed);
                    changed = next;
                }
                else
                {
                    changed = await ClassifyMemberCodeFix.ClassifyAsync(changed, edit.Span, personal, cancellationToken).ConfigureAwait(false);
                }
            }

            if (chained)
            {
                changed = await ClassifyMappedMemberCodeFix.WithExtensionsUsingAsync(changed, cancellationToken).ConfigureAwait(false);
            }

            solution = changed.Project.Solution;
        }

        return solution;
    }

    private static void Add<T>(Dictionary<DocumentId, Dictionary<int, T>> edits, DocumentId document, int at, T edit)
    {
        if (!edits.TryGetValue(document, out var forDocument))
        {
            forDocument = [];
            edits.Add(document, forDocument);
        }

        if (!forDocument.ContainsKey(at))
        {
            forDocument.Add(at, edit);
        }
    }
}
