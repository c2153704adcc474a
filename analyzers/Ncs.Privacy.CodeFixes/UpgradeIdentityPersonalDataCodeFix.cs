using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Ncs.Privacy.Analyzers;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.CodeFixes;

/// <summary>
/// NCSP005: keeps Identity's attribute (its download and delete pages still use it) and adds Ncs.Privacy's
/// <c>[PersonalData(first purpose, first retention rule)]</c> with a TODO comment for the policy owner.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UpgradeIdentityPersonalDataCodeFix)), Shared]
public sealed class UpgradeIdentityPersonalDataCodeFix : CodeFixProvider
{
    internal const string Key = RuleIdentifiers.IdentityPersonalDataOnly + ".AddPersonalData";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IdentityPersonalDataOnly);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PrivacyCompilation.Get(model.Compilation) is not { } privacy)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (AttributeInsertion.Declaration(root, diagnostic.Location.SourceSpan) is not { } declaration)
            {
                continue;
            }

            var (name, type) = AttributeInsertion.Member(model, declaration, context.CancellationToken);
            if (AttributeInsertion.Propose(privacy, name, type) is not { } proposal)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add Ncs.Privacy [PersonalData], {proposal.Describe()} (TODO: confirm purpose and retention)",
                    token => ApplyAsync(context.Document, diagnostic, token),
                    Key),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PrivacyCompilation.Get(model.Compilation) is not { } privacy
            || AttributeInsertion.Declaration(root, diagnostic.Location.SourceSpan) is not { } declaration)
        {
            return document;
        }

        var (name, type) = AttributeInsertion.Member(model, declaration, cancellationToken);
        if (AttributeInsertion.Propose(privacy, name, type) is not { } proposal)
        {
            return document;
        }

        var attribute = AttributeInsertion.PersonalData(model, declaration.SpanStart, privacy, proposal);

        return document.WithSyntaxRoot(root.ReplaceNode(declaration, AttributeInsertion.Add(declaration, attribute, AttributeInsertion.PersonalDataTodo)));
    }
}
