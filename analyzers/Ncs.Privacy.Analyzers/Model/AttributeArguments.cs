using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>Finds where in source an attribute's argument is written, so a diagnostic points at the wrong value itself.</summary>
internal static class AttributeArguments
{
    public static AttributeSyntax? Syntax(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

    /// <summary>The attribute's location, or the symbol's when the attribute came from metadata.</summary>
    public static Location Of(AttributeData attribute, ISymbol fallback, CancellationToken cancellationToken) =>
        Syntax(attribute, cancellationToken)?.GetLocation() ?? First(fallback);

    /// <summary>The location of constructor argument <paramref name="index"/>; the element <paramref name="element"/> of a params or array argument.</summary>
    public static Location Constructor(AttributeData attribute, int index, ISymbol fallback, CancellationToken cancellationToken, int element = -1)
    {
        var syntax = Syntax(attribute, cancellationToken);
        if (syntax?.ArgumentList is null || attribute.AttributeConstructor is null)
        {
            return syntax?.GetLocation() ?? First(fallback);
        }

        var parameters = attribute.AttributeConstructor.Parameters;
        var name = index < parameters.Length ? parameters[index].Name : null;
        var isParams = index < parameters.Length && parameters[index].IsParams;
        var positional = new System.Collections.Generic.List<ExpressionSyntax>();
        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.NameColon is not null && argument.NameColon.Name.Identifier.ValueText == name)
            {
                return ElementOrSelf(argument.Expression, element);
            }

            if (argument.NameEquals is null && argument.NameColon is null)
            {
                positional.Add(argument.Expression);
            }
        }

        if (index < positional.Count)
        {
            if (isParams && element >= 0 && !IsArray(positional[index]))
            {
                return (index + element < positional.Count ? positional[index + element] : positional[index]).GetLocation();
            }

            return ElementOrSelf(positional[index], element);
        }

        return syntax.GetLocation();
    }

    /// <summary>The location of named argument <paramref name="name"/>'s value (or of one element of it).</summary>
    public static Location Named(AttributeData attribute, string name, ISymbol fallback, CancellationToken cancellationToken, int element = -1)
    {
        var syntax = Syntax(attribute, cancellationToken);
        if (syntax?.ArgumentList is not null)
        {
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return ElementOrSelf(argument.Expression, element);
                }
            }
        }

        return syntax?.GetLocation() ?? First(fallback);
    }

    private static bool IsArray(ExpressionSyntax expression) =>
        expression is CollectionExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax;

    private static Location ElementOrSelf(ExpressionSyntax expression, int element)
    {
        if (element >= 0)
        {
            switch (expression)
            {
                case CollectionExpressionSyntax collection when element < collection.Elements.Count:
                    return collection.Elements[element].GetLocation();
                case ArrayCreationExpressionSyntax { Initializer: { } initializer } when element < initializer.Expressions.Count:
                    return initializer.Expressions[element].GetLocation();
                case ImplicitArrayCreationExpressionSyntax implicitArray when element < implicitArray.Initializer.Expressions.Count:
                    return implicitArray.Initializer.Expressions[element].GetLocation();
            }
        }

        return expression.GetLocation();
    }

    private static Location First(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

    /// <summary>"Type.Member" for a member, "Type" for a type: how the messages name what they are about.</summary>
    public static string Name(ISymbol symbol) => symbol is INamedTypeSymbol ? symbol.Name : $"{symbol.ContainingType?.Name}.{symbol.Name}";
}
