using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Ncs.Privacy.Analyzers.Model;

namespace Ncs.Privacy.CodeFixes;

/// <summary>Writes our attributes onto a member the way a developer would: own line, same indentation, short name where it binds.</summary>
internal static class AttributeInsertion
{
    public const string PersonalDataTodo = "TODO(privacy): confirm purpose and retention with the policy owner";
    public const string NotPersonalDataTodo = "TODO(privacy): say why this value identifies nobody";

    /// <summary>The declaration a diagnostic on a member points at: a property, a field, or a record's positional parameter.</summary>
    public static SyntaxNode? Declaration(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n => n is PropertyDeclarationSyntax or FieldDeclarationSyntax or ParameterSyntax);
    }

    /// <summary>The attribute's name: the short one where it binds to Ncs.Privacy's type here, else the qualified one.</summary>
    public static NameSyntax AttributeName(SemanticModel model, int position, string shortName, INamedTypeSymbol? type)
    {
        // An attribute name binds as X or XAttribute: short only when XAttribute is ours here and nothing is called X.
        var full = model.GetSpeculativeTypeInfo(position, SyntaxFactory.IdentifierName(shortName + "Attribute"), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        var bare = model.GetSpeculativeTypeInfo(position, SyntaxFactory.IdentifierName(shortName), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        var shortBinds = type is not null && SymbolEqualityComparer.Default.Equals(full, type) && (bare is null or IErrorTypeSymbol);
        return shortBinds ? SyntaxFactory.IdentifierName(shortName) : SyntaxFactory.ParseName("Ncs.Privacy." + shortName);
    }

    /// <summary><c>[NotPersonalData("TODO...")]</c>.</summary>
    public static AttributeSyntax NotPersonalData(SemanticModel model, int position, PrivacySymbols symbols) =>
        SyntaxFactory.Attribute(
            AttributeName(model, position, "NotPersonalData", symbols.NotPersonalData),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(NotPersonalDataTodo))))));

    /// <summary>What the <c>[PersonalData]</c> fix proposes for a member: the kind its name reveals, and the purpose and category that fit.</summary>
    public sealed class Proposal(PersonalDataKind? kind, IFieldSymbol purpose, IFieldSymbol retention, IFieldSymbol? category)
    {
        public PersonalDataKind? Kind { get; } = kind;

        public IFieldSymbol Purpose { get; } = purpose;

        public IFieldSymbol Retention { get; } = retention;

        public IFieldSymbol? Category { get; } = category;

        /// <summary>The code action's title: <c>e-mail address: purpose 'account', category 'contact'</c>.</summary>
        public string Describe() =>
            (Kind is null ? string.Empty : Kind.Label + ": ") + $"purpose '{Purpose.ConstantValue}'" + (Category is null ? string.Empty : $", category '{Category.ConstantValue}'");
    }

    /// <summary>
    /// The purpose and data category the policy declares that fit the member's name and type (an e-mail address: a category
    /// that mentions e-mail or contact, a purpose that mentions the account or contact), else the first purpose declared; the
    /// first retention rule. Null when the policy declares no purpose or rule.
    /// </summary>
    public static Proposal? Propose(PrivacyCompilation privacy, string memberName, ITypeSymbol? memberType)
    {
        var vocabulary = privacy.Vocabulary;
        var retention = vocabulary.FirstRetentionRule;
        if (vocabulary.FirstPurpose?.Field is not { } first || retention is null)
        {
            return null;
        }

        var kind = PersonalDataKinds.Of(memberName, memberType);
        var purpose = kind is null ? first : PersonalDataKinds.Match(vocabulary.PurposeTexts, kind.PurposeWords) ?? first;
        var category = kind is null ? null : PersonalDataKinds.Match(vocabulary.CategoryTexts, kind.CategoryWords);
        return new Proposal(kind, purpose, retention, category);
    }

    /// <summary><c>[PersonalData(purpose, retention, Category = category)]</c> as proposed.</summary>
    public static AttributeSyntax PersonalData(SemanticModel model, int position, PrivacyCompilation privacy, Proposal proposal)
    {
        var arguments = new List<AttributeArgumentSyntax>
        {
            SyntaxFactory.AttributeArgument(Reference(model, position, proposal.Purpose)),
            SyntaxFactory.AttributeArgument(Reference(model, position, proposal.Retention)),
        };
        if (proposal.Category is not null)
        {
            arguments.Add(SyntaxFactory.AttributeArgument(Reference(model, position, proposal.Category))
                .WithNameEquals(SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Category"))));
        }

        return SyntaxFactory.Attribute(
            AttributeName(model, position, "PersonalData", privacy.Symbols.PersonalData),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));
    }

    /// <summary>The member a declaration declares, with its type: a property, a field's first variable, a record's parameter.</summary>
    public static (string Name, ITypeSymbol? Type) Member(SemanticModel model, SyntaxNode declaration, CancellationToken cancellationToken) => declaration switch
    {
        PropertyDeclarationSyntax property => (property.Identifier.ValueText, model.GetTypeInfo(property.Type, cancellationToken).Type),
        FieldDeclarationSyntax field => (field.Declaration.Variables.FirstOrDefault()?.Identifier.ValueText ?? string.Empty, model.GetTypeInfo(field.Declaration.Type, cancellationToken).Type),
        ParameterSyntax parameter => (parameter.Identifier.ValueText, parameter.Type is null ? null : model.GetTypeInfo(parameter.Type, cancellationToken).Type),
        _ => (string.Empty, null),
    };

    private static ExpressionSyntax Reference(SemanticModel model, int position, IFieldSymbol field) =>
        SyntaxFactory.ParseExpression(field.ContainingType.ToMinimalDisplayString(model, position) + "." + field.Name);

    /// <summary>Adds the attribute to the declaration, with an optional TODO comment after it.</summary>
    public static SyntaxNode Add(SyntaxNode declaration, AttributeSyntax attribute, string? todo)
    {
        var eol = EndOfLine(declaration);
        if (declaration is ParameterSyntax parameter)
        {
            var inline = SyntaxFactory.AttributeList(
                SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.PropertyKeyword)),
                SyntaxFactory.SingletonSeparatedList(attribute));
            inline = todo is null
                ? inline.WithTrailingTrivia(SyntaxFactory.Space)
                : inline.WithTrailingTrivia(SyntaxFactory.Space, SyntaxFactory.Comment($"/* {todo} */"), SyntaxFactory.Space);
            var leading = parameter.GetLeadingTrivia();
            return parameter.WithoutLeadingTrivia()
                .WithAttributeLists(parameter.AttributeLists.Add(inline))
                .WithLeadingTrivia(leading);
        }

        var member = (MemberDeclarationSyntax)declaration;
        var memberLeading = member.GetLeadingTrivia();
        var indentation = SyntaxFactory.TriviaList(memberLeading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
        list = todo is null
            ? list.WithTrailingTrivia(eol)
            : list.WithTrailingTrivia(SyntaxFactory.Space, SyntaxFactory.Comment("// " + todo), eol);
        if (member.AttributeLists.Count == 0)
        {
            return member.WithLeadingTrivia(indentation).WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(memberLeading)));
        }

        return member.WithAttributeLists(member.AttributeLists.Add(list.WithLeadingTrivia(indentation)));
    }

    private static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        var root = node.SyntaxTree.GetRoot();
        var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.EndOfLine("\n");
    }

    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }
}
