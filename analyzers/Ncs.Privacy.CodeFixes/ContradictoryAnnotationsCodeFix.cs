using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// NCSP004: removes the contradiction. Personal and not personal: remove [NotPersonalData] or remove [PersonalData] (the
/// developer says which is true); a purpose named twice: remove the repeated annotation; a legal basis restated differently
/// from the purpose's: remove the argument, so the purpose's basis applies; Anonymisation with an erasure that never
/// anonymises: remove Anonymisation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContradictoryAnnotationsCodeFix)), Shared]
public sealed class ContradictoryAnnotationsCodeFix : CodeFixProvider
{
    internal const string RemoveNotPersonalDataKey = RuleIdentifiers.ContradictoryAnnotations + ".RemoveNotPersonalData";
    internal const string RemovePersonalDataKey = RuleIdentifiers.ContradictoryAnnotations + ".RemovePersonalData";
    internal const string RemoveDuplicateKey = RuleIdentifiers.ContradictoryAnnotations + ".RemoveDuplicate";
    internal const string RemoveLegalBasisKey = RuleIdentifiers.ContradictoryAnnotations + ".RemoveLegalBasis";
    internal const string RemoveAnonymisationKey = RuleIdentifiers.ContradictoryAnnotations + ".RemoveAnonymisation";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ContradictoryAnnotations);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ContradictoryAnnotationsAnalyzer.KindProperty, out var kind))
            {
                continue;
            }

            switch (kind)
            {
                case ContradictoryAnnotationsAnalyzer.PersonalAndNotPersonal:
                    Register(context, diagnostic, "Remove [NotPersonalData]", RemoveNotPersonalDataKey);
                    Register(context, diagnostic, "Remove [PersonalData]", RemovePersonalDataKey);
                    break;
                case ContradictoryAnnotationsAnalyzer.DuplicatePurpose:
                    Register(context, diagnostic, "Remove the repeated [PersonalData]", RemoveDuplicateKey);
                    break;
                case ContradictoryAnnotationsAnalyzer.LegalBasisMismatch:
                    Register(context, diagnostic, "Remove the restated legal basis (the purpose's applies)", RemoveLegalBasisKey);
                    break;
                case ContradictoryAnnotationsAnalyzer.AnonymisationWithoutAnonymising:
                    Register(context, diagnostic, "Remove Anonymisation", RemoveAnonymisationKey);
                    break;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string key) =>
        context.RegisterCodeFix(CodeAction.Create(title, token => ApplyAsync(context.Document, diagnostic, key, token), key), diagnostic);

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var attribute = node.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();
        var declaration = attribute?.Parent?.Parent;
        if (attribute is null || declaration is null)
        {
            return document;
        }

        SyntaxNode updated;
        switch (key)
        {
            case RemoveNotPersonalDataKey:
            case RemoveDuplicateKey:
                updated = RemoveAttributes(declaration, new HashSet<AttributeSyntax> { attribute });
                break;
            case RemovePersonalDataKey:
                var personal = PrivacyCompilation.Get(model.Compilation)?.Symbols.PersonalData;
                var targets = new HashSet<AttributeSyntax>(AttributesOf(declaration).Where(a =>
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a, cancellationToken).Symbol?.ContainingType, personal)));
                updated = RemoveAttributes(declaration, targets);
                break;
            case RemoveLegalBasisKey:
            case RemoveAnonymisationKey:
                var argument = node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault();
                if (argument is null || attribute.ArgumentList is null)
                {
                    return document;
                }

                updated = declaration.ReplaceNode(attribute, attribute.WithArgumentList(attribute.ArgumentList.WithArguments(attribute.ArgumentList.Arguments.Remove(argument))));
                break;
            default:
                return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
    }

    private static IEnumerable<AttributeSyntax> AttributesOf(SyntaxNode declaration) => Lists(declaration).SelectMany(l => l.Attributes);

    private static SyntaxList<AttributeListSyntax> Lists(SyntaxNode declaration) => declaration switch
    {
        MemberDeclarationSyntax member => member.AttributeLists,
        ParameterSyntax parameter => parameter.AttributeLists,
        _ => default,
    };

    /// <summary>Removes attributes; a list left empty goes with its line, and the declaration keeps its comments and indentation.</summary>
    private static SyntaxNode RemoveAttributes(SyntaxNode declaration, HashSet<AttributeSyntax> attributes)
    {
        var lists = Lists(declaration);
        var kept = new List<AttributeListSyntax>();
        SyntaxTriviaList? leadingOfRemovedFirst = null;
        for (var i = 0; i < lists.Count; i++)
        {
            var list = lists[i];
            var remaining = list.Attributes.Where(a => !attributes.Contains(a)).ToList();
            if (remaining.Count == list.Attributes.Count)
            {
                kept.Add(list);
            }
            else if (remaining.Count > 0)
            {
                var separated = list.Attributes;
                foreach (var attribute in list.Attributes.Where(attributes.Contains).Reverse())
                {
                    separated = separated.Remove(attribute);
                }

                kept.Add(list.WithAttributes(separated));
            }
            else if (i == 0)
            {
                leadingOfRemovedFirst = list.GetLeadingTrivia();
            }
        }

        var result = declaration switch
        {
            MemberDeclarationSyntax member => (SyntaxNode)member.WithAttributeLists(SyntaxFactory.List(kept)),
            ParameterSyntax parameter => parameter.WithAttributeLists(SyntaxFactory.List(kept)),
            _ => declaration,
        };

        if (leadingOfRemovedFirst is { } leading)
        {
            result = declaration is ParameterSyntax
                ? result.WithLeadingTrivia(leading.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))
                : result.WithLeadingTrivia(leading);
        }

        return result;
    }
}
