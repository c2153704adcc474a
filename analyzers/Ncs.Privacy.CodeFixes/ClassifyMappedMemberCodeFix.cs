using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Ncs.Privacy.Analyzers;
using Ncs.Privacy.Analyzers.Model;
using Ncs.Privacy.Analyzers.Rules;

namespace Ncs.Privacy.CodeFixes;

/// <summary>
/// NCSP001 at a configuration call that maps a member by name (another project's private field, a shadow property): classifies
/// it where it is mapped, which is what the configuration project's build can see, by chaining Ncs.Privacy.EntityFrameworkCore's
/// <c>.IsPersonalData(purpose, retention)</c> (the purpose that fits the member's name) or <c>.IsNotPersonalData("TODO...")</c>.
/// </summary>
/// <remarks>
/// Not exported on its own: <see cref="ClassifyMemberCodeFix"/>, the one NCSP001 provider, registers these actions for the
/// diagnostics at configuration calls, under the same equivalence keys as its attribute fixes. <c>dotnet format</c> asks each
/// provider of an ID for the actions of the first diagnostic of the solution and fixes all with that action's key: a second
/// provider that offers nothing for that first diagnostic would fix nothing.
/// </remarks>
public sealed class ClassifyMappedMemberCodeFix : CodeFixProvider
{
    internal const string PersonalDataKey = ClassifyMemberCodeFix.PersonalDataKey;
    internal const string NotPersonalDataKey = ClassifyMemberCodeFix.NotPersonalDataKey;
    private const string ExtensionsNamespace = "Ncs.Privacy.EntityFrameworkCore";

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
            Register(context, diagnostic, root, model, privacy);
        }
    }

    /// <summary>The two classifications of a member mapped by name, at its configuration call; nothing for other diagnostics.</summary>
    internal static void Register(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model, PrivacyCompilation privacy)
    {
        if (!diagnostic.Properties.TryGetValue(UnclassifiedMemberAnalyzer.MappedByNameProperty, out var name) || name is null
            || model.Compilation.GetTypeByMetadataName(ExtensionsNamespace + ".PrivacyModelBuilderExtensions") is null
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
            || AlreadyClassified(call) || !Chainable(model, call, cancellationToken: context.CancellationToken))
        {
            return;
        }

        // The same order as the attribute fixes, so that whichever diagnostic comes first, Fix All picks the same kind of fix.
        context.RegisterCodeFix(
            CodeAction.Create(
                "Classify here with .IsNotPersonalData (TODO: give the reason)",
                token => ApplyAsync(context.Document, diagnostic, name, personal: false, token),
                NotPersonalDataKey),
            diagnostic);

        if (AttributeInsertion.Propose(privacy, name, null) is { } proposal)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Classify here with .IsPersonalData, {proposal.Describe()} (TODO: confirm purpose and retention)",
                    token => ApplyAsync(context.Document, diagnostic, name, personal: true, token),
                    PersonalDataKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Whether <c>.IsPersonalData</c>/<c>.IsNotPersonalData</c> of Ncs.Privacy.EntityFrameworkCore apply to what the call returns:
    /// a <c>PropertyBuilder</c>. A complex type's property (<c>ComplexProperty(o =&gt; o.ShipTo, a =&gt; a.Property&lt;string&gt;("_street"))</c>
    /// returns a <c>ComplexTypePropertyBuilder</c>) has no such extension, so chaining one would not compile (CS1929): no fix there.
    /// </summary>
    internal static bool Chainable(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        if (model.GetTypeInfo(call, cancellationToken).Type is not INamedTypeSymbol returned
            || model.Compilation.GetTypeByMetadataName(ExtensionsNamespace + ".PrivacyModelBuilderExtensions") is not { } extensions)
        {
            return false;
        }

        foreach (var method in extensions.GetMembers("IsNotPersonalData").OfType<IMethodSymbol>())
        {
            if (method.IsExtensionMethod && method.ReduceExtensionMethod(returned) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The chain already classifies the member (with the placeholder reason only a person can replace).</summary>
    private static bool AlreadyClassified(InvocationExpressionSyntax call)
    {
        for (SyntaxNode? node = call; node?.Parent is MemberAccessExpressionSyntax access; node = access.Parent)
        {
            if (access.Name.Identifier.ValueText is "IsPersonalData" or "IsNotPersonalData")
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string name, bool personal, CancellationToken cancellationToken)
    {
        var chained = await ChainAsync(document, diagnostic, name, personal, cancellationToken).ConfigureAwait(false);
        return ReferenceEquals(chained, document) ? document : await WithExtensionsUsingAsync(chained, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Chains the classification to the configuration call, without the using directive (see <see cref="WithExtensionsUsingAsync"/>).</summary>
    internal static async Task<Document> ChainAsync(Document document, Diagnostic diagnostic, string name, bool personal, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || PrivacyCompilation.Get(model.Compilation) is not { } privacy
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
        {
            return document;
        }

        ArgumentSyntax[] arguments;
        if (personal)
        {
            if (AttributeInsertion.Propose(privacy, name, null) is not { } proposal)
            {
                return document;
            }

            arguments =
            [
                SyntaxFactory.Argument(SyntaxFactory.ParseExpression(proposal.Purpose.ContainingType.ToMinimalDisplayString(model, call.SpanStart) + "." + proposal.Purpose.Name)),
                SyntaxFactory.Argument(SyntaxFactory.ParseExpression(proposal.Retention.ContainingType.ToMinimalDisplayString(model, call.SpanStart) + "." + proposal.Retention.Name)),
            ];
        }
        else
        {
            arguments = [SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(AttributeInsertion.NotPersonalDataTodo)))];
        }

        if (!Chainable(model, call, cancellationToken))
        {
            return document;
        }

        var chained = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName(personal ? "IsPersonalData" : "IsNotPersonalData")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments))).WithTrailingTrivia(call.GetTrailingTrivia());
        if (AlreadyClassified(call))
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(call, chained));
    }

    /// <summary>Adds <c>using Ncs.Privacy.EntityFrameworkCore;</c> when the file has none.</summary>
    internal static async Task<Document> WithExtensionsUsingAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var updated = root;
        if (updated is CompilationUnitSyntax unit && !unit.Usings.Any(u => u.Name?.ToString() == ExtensionsNamespace)
            && !root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == ExtensionsNamespace)))
        {
            var eol = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ExtensionsNamespace))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : SyntaxFactory.EndOfLine("\n"));
            var usings = unit.Usings;
            var index = usings.TakeWhile(u => string.CompareOrdinal(u.Name?.ToString(), ExtensionsNamespace) < 0).Count();
            updated = unit.WithUsings(usings.Insert(index, directive));
        }

        return document.WithSyntaxRoot(updated);
    }
}
