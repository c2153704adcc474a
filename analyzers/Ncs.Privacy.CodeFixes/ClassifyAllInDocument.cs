using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.CodeFixes;

/// <summary>
/// Fix All for NCSP001 (document, project, solution; also what <c>dotnet format analyzers</c> runs): every diagnostic of a
/// document in one pass, from the last to the first so that the spans still to fix stay where they were, with the kind of fix
/// the chosen action names (<see cref="ClassifyMemberCodeFix.NotPersonalDataKey"/> or <see cref="ClassifyMemberCodeFix.PersonalDataKey"/>);
/// the <c>using Ncs.Privacy.EntityFrameworkCore;</c> that configuration-call fixes need is added once. Merging one fix per
/// diagnostic (the batch fixer) dropped all but the first of the overlapping using insertions, and with them their fixes.
/// Placeholders are left to a person; a member of another project reported at a <c>DbSet</c> is fixed in its own project by
/// that project's diagnostic.
/// </summary>
internal sealed class ClassifyAllInDocument : DocumentBasedFixAllProvider
{
    public static ClassifyAllInDocument Instance { get; } = new();

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var personal = fixAllContext.CodeActionEquivalenceKey == ClassifyMemberCodeFix.PersonalDataKey;
        var token = fixAllContext.CancellationToken;
        var changed = document;
        var chained = false;
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.PlaceholderProperty)
                || diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.FromOtherAssemblyProperty))
            {
                continue;
            }

            if (diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.MappedByNameProperty, out var name) && name is not null)
            {
                var next = await ClassifyMappedMemberCodeFix.ChainAsync(changed, diagnostic, name, personal, token).ConfigureAwait(false);
                chained |= !ReferenceEquals(next, changed);
                changed = next;
            }
            else
            {
                changed = await ClassifyMemberCodeFix.ClassifyAsync(changed, diagnostic.Location.SourceSpan, personal, token).ConfigureAwait(false);
            }
        }

        return chained ? await ClassifyMappedMemberCodeFix.WithExtensionsUsingAsync(changed, token).ConfigureAwait(false) : changed;
    }
}
