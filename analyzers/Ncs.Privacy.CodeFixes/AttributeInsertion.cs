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

    /// <summary><c>[PersonalData(Policy.Purposes.First, Policy.Retention.First)]</c>, or null when the policy declares no purpose or rule.</summary>
    public static AttributeSyntax? PersonalData(SemanticModel model, int position, PrivacyCompilation privacy)
    {
        var purpose = privacy.Vocabulary.FirstPurpose?.Field;
        var retention = privacy.Vocabulary.FirstRetentionRule;
        if (purpose is null || retention is null)
        {
            return null;
        }

        return SyntaxFactory.Attribute(
            AttributeName(model, position, "PersonalData", privacy.Symbols.PersonalData),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.AttributeArgument(Reference(model, position, purpose)),
                SyntaxFactory.AttributeArgument(Reference(model, position, retention)),
            })));
    }

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
