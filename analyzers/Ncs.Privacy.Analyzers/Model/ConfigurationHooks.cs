using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// The template-method hooks of an <c>IEntityTypeConfiguration&lt;T&gt;</c>: methods of the configuration's class hierarchy in
/// source that a <c>Configure</c> method (or a hook found so far) calls with its <c>EntityTypeBuilder&lt;T&gt;</c>, such as
/// <c>protected abstract void ConfigureEntity(EntityTypeBuilder&lt;T&gt; builder)</c> in a generic base whose <c>Configure</c>
/// calls it and an <c>AuditLogConfig : EntityConfig&lt;AuditLog&gt;</c> that overrides it, or a private helper
/// <c>MapPhone(builder)</c>. The domain model reads them as it reads <c>Configure</c> (<see cref="DomainModel"/>): what they map
/// and classify counts for the configured entity.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="DomainModel"/> (one call there). A call binds by name, as the compiler's virtual dispatch would for
/// the configuration being read: <c>Hook(builder)</c> and <c>this.Hook(builder)</c> run the most derived body of that name,
/// <c>base.Hook(builder)</c> the nearest one above the caller. Only hierarchies with such a method are walked (a
/// configuration with <c>Configure</c> alone costs a look at its members, no syntax), so the cost on large models of plain
/// configurations is unchanged.
/// </remarks>
internal static class ConfigurationHooks
{
    /// <summary>
    /// The hooks (original definitions, with a body in source) that <paramref name="configure"/> reaches in
    /// <paramref name="configuration"/>'s hierarchy for <paramref name="entity"/>; empty when there are none.
    /// </summary>
    public static List<IMethodSymbol> Of(INamedTypeSymbol configuration, INamedTypeSymbol entity, IReadOnlyCollection<IMethodSymbol> configure)
    {
        var found = new List<IMethodSymbol>();

        // Candidates, most derived first, with their depth in the hierarchy (0: the configuration itself).
        var candidates = new List<(IMethodSymbol Method, int Depth)>();
        var levels = new List<INamedTypeSymbol>();
        for (var current = configuration; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            levels.Add(current);
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } method
                    && method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0
                    && method.Parameters.Any(p => IsBuilderOf(p.Type, entity))
                    && !configure.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    candidates.Add((method, levels.Count - 1));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return found;
        }

        var read = new HashSet<IMethodSymbol>(configure, SymbolEqualityComparer.Default);
        var work = new Queue<IMethodSymbol>(configure);
        while (work.Count > 0)
        {
            var caller = work.Dequeue();
            var callerDepth = levels.FindIndex(l => SymbolEqualityComparer.Default.Equals(l.OriginalDefinition, caller.ContainingType.OriginalDefinition));
            var builders = new HashSet<string>(caller.Parameters.Where(p => p.Type is INamedTypeSymbol { Name: "EntityTypeBuilder" }).Select(p => p.Name));
            if (builders.Count == 0)
            {
                continue;
            }

            foreach (var reference in caller.DeclaringSyntaxReferences)
            {
                foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    (string? Name, bool FromBase) call = invocation.Expression switch
                    {
                        SimpleNameSyntax simple => (simple.Identifier.ValueText, false),
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => (member.Identifier.ValueText, false),
                        MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax, Name: var member } => (member.Identifier.ValueText, true),
                        _ => (null, false),
                    };
                    var (name, fromBase) = call;
                    if (name is null || !invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax { Identifier.ValueText: var passed } && builders.Contains(passed)))
                    {
                        continue;
                    }

                    // Virtual dispatch on the configuration read: the most derived body of that name, or for base.Hook(...) the nearest
                    // one above the caller.
                    foreach (var (method, depth) in candidates)
                    {
                        if (method.Name != name || (fromBase && depth <= callerDepth))
                        {
                            continue;
                        }

                        if (read.Add(method.OriginalDefinition))
                        {
                            found.Add(method.OriginalDefinition);
                            work.Enqueue(method.OriginalDefinition);
                        }

                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary><c>EntityTypeBuilder&lt;TEntity&gt;</c> of the configured entity.</summary>
    private static bool IsBuilderOf(ITypeSymbol type, INamedTypeSymbol entity) =>
        type is INamedTypeSymbol { Name: "EntityTypeBuilder", TypeArguments.Length: 1 } builder
        && SymbolEqualityComparer.Default.Equals(builder.TypeArguments[0], entity);
}
