using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Ncs.Privacy.Analyzers;
using Ncs.Privacy.Analyzers.Model;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.CodeFixes;

/// <summary>
/// NCSP001: classifies the member. Two choices, both of which compile and read as a TODO for the policy owner:
/// <c>[NotPersonalData("TODO...")]</c>, and <c>[PersonalData(first purpose, first retention rule)]</c> with a TODO comment
/// (offered only when the visible policy declares a purpose and a retention rule).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClassifyMemberCodeFix)), Shared]
public sealed class ClassifyMemberCodeFix : CodeFixProvider
{
    internal const string NotPersonalDataKey = RuleIdentifiers.UnclassifiedMember + ".NotPersonalData";
    internal const string PersonalDataKey = RuleIdentifiers.UnclassifiedMember + ".PersonalData";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnclassifiedMember);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => ClassifyAllInDocument.Instance;

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
            // Reported at a DbSet for an entity of another assembly: classify it in its own file, when the solution has its project.
            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.FromOtherAssemblyProperty))
            {
                await RegisterInOwnProjectAsync(context, diagnostic).ConfigureAwait(false);
                continue;
            }

            // At a configuration call that maps another project's private field by name: classify it there, in the chain.
            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.MappedByNameProperty))
            {
                ClassifyMappedMemberCodeFix.Register(context, diagnostic, root, model, privacy);
                continue;
            }

            // A placeholder reason is the fix's own output: only a person can replace it.
            if (diagnostic.Properties.ContainsKey(UnclassifiedMemberAnalyzer.PlaceholderProperty)
                || AttributeInsertion.Declaration(root, diagnostic.Location.SourceSpan) is not { } declaration)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Mark as not personal data (TODO: give the reason)",
                    token => ApplyAsync(context.Document, diagnostic, personal: false, token),
                    NotPersonalDataKey),
                diagnostic);

            var (name, type) = AttributeInsertion.Member(model, declaration, context.CancellationToken);
            if (AttributeInsertion.Propose(privacy, name, type) is { } proposal)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Mark as personal data, {proposal.Describe()} (TODO: confirm purpose and retention)",
                        token => ApplyAsync(context.Document, diagnostic, personal: true, token),
                        PersonalDataKey),
                    diagnostic);
            }
        }
    }

    /// <summary>The member's declaration in the project of the solution that compiles its assembly, or null.</summary>
    internal static async Task<(Document Document, SyntaxNode Declaration)?> FindInSolutionAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.FromOtherAssemblyProperty, out var assembly)
            || !diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.EntityProperty, out var entity) || entity is null
            || !diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.MemberProperty, out var member) || member is null)
        {
            return null;
        }

        foreach (var project in solution.Projects)
        {
            if (project.AssemblyName != assembly || project.Language != LanguageNames.CSharp
                || await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is not { } compilation
                || compilation.GetTypeByMetadataName(entity) is not { } type)
            {
                continue;
            }

            foreach (var symbol in type.GetMembers(member))
            {
                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    if (solution.GetDocument(reference.SyntaxTree) is { } document
                        && AttributeInsertion.Declaration(await reference.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false), reference.Span) is { } declaration)
                    {
                        return (document, declaration);
                    }
                }
            }
        }

        return null;
    }

    private static async Task RegisterInOwnProjectAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        if (await FindInSolutionAsync(context.Document.Project.Solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } found)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Mark as not personal data in {found.Document.Name} (TODO: give the reason)",
                token => ApplyInOwnProjectAsync(context.Document.Project.Solution, diagnostic, personal: false, token),
                NotPersonalDataKey),
            diagnostic);
        var model = await found.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var (name, type) = model is null ? (string.Empty, null) : AttributeInsertion.Member(model, found.Declaration, context.CancellationToken);
        if (model is null || PrivacyCompilation.Get(model.Compilation) is not { } privacy || AttributeInsertion.Propose(privacy, name, type) is not { } proposal)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Mark as personal data in {found.Document.Name}, {proposal.Describe()} (TODO: confirm purpose and retention)",
                token => ApplyInOwnProjectAsync(context.Document.Project.Solution, diagnostic, personal: true, token),
                PersonalDataKey),
            diagnostic);
    }

    private static async Task<Solution> ApplyInOwnProjectAsync(Solution solution, Diagnostic diagnostic, bool personal, CancellationToken cancellationToken)
    {
        if (await FindInSolutionAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return solution;
        }

        var updated = await ClassifyAsync(found.Document, found.Declaration.Span, personal, cancellationToken).ConfigureAwait(false);
        return updated.Project.Solution;
    }

    private static Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, bool personal, CancellationToken cancellationToken) =>
        ClassifyAsync(document, diagnostic.Location.SourceSpan, personal, cancellationToken);

    internal static async Task<Document> ClassifyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, bool personal, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PrivacyCompilation.Get(model.Compilation) is not { } privacy
            || AttributeInsertion.Declaration(root, span) is not { } declaration)
        {
            return document;
        }

        var (name, type) = AttributeInsertion.Member(model, declaration, cancellationToken);
        var proposal = personal ? AttributeInsertion.Propose(privacy, name, type) : null;
        if (personal && proposal is null)
        {
            return document;
        }

        var attribute = proposal is not null
            ? AttributeInsertion.PersonalData(model, declaration.SpanStart, privacy, proposal)
            : AttributeInsertion.NotPersonalData(model, declaration.SpanStart, privacy.Symbols);

        var updated = AttributeInsertion.Add(declaration, attribute, personal ? AttributeInsertion.PersonalDataTodo : null);
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
    }
}
