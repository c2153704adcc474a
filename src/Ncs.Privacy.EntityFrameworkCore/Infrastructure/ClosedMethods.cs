using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The LINQ operators and private generic helpers the library calls for entity types known only from the model, closed
/// over those types once per process (issue 18). Looking them up by name per call (<c>Expression.Call(typeof(Queryable),
/// "Where", ...)</c>, <c>GetMethods().Single(...)</c>, <c>MakeGenericMethod</c>) allocated arrays of every method of
/// <see cref="Queryable"/> on every query an export, erasure or sweep built: a fifth of an erasure's allocations.
/// </summary>
internal static class ClosedMethods
{
    private static readonly ConcurrentDictionary<(MethodInfo Definition, Type Argument), MethodInfo> One = new();
    private static readonly ConcurrentDictionary<(MethodInfo Definition, Type First, Type Second), MethodInfo> Two = new();
    private static readonly ConcurrentDictionary<(Type Owner, string Name), MethodInfo> Private = new();

    private static readonly MethodInfo EnumerableContainsDefinition = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2);

    /// <summary><paramref name="definition"/> closed over <paramref name="argument"/>.</summary>
    public static MethodInfo Of(MethodInfo definition, Type argument)
        => One.GetOrAdd((definition, argument), static key => key.Definition.MakeGenericMethod(key.Argument));

    /// <summary><paramref name="definition"/> closed over <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static MethodInfo Of(MethodInfo definition, Type first, Type second)
        => Two.GetOrAdd((definition, first, second), static key => key.Definition.MakeGenericMethod(key.First, key.Second));

    /// <summary>The private static generic method <paramref name="name"/> of <paramref name="owner"/> (one overload), closed over <paramref name="argument"/>.</summary>
    public static MethodInfo Private1(Type owner, string name, Type argument) => Of(Definition(owner, name), argument);

    /// <summary>The private static generic method <paramref name="name"/> of <paramref name="owner"/> (one overload), closed over two types.</summary>
    public static MethodInfo Private2(Type owner, string name, Type first, Type second) => Of(Definition(owner, name), first, second);

    /// <summary><c>Queryable.Where(source, predicate)</c>.</summary>
    public static MethodInfo Where(Type element) => Of(QueryableMethods.Where, element);

    /// <summary><c>Queryable.Select(source, selector)</c>.</summary>
    public static MethodInfo Select(Type element, Type result) => Of(QueryableMethods.Select, element, result);

    /// <summary><c>Queryable.Any(source, predicate)</c>.</summary>
    public static MethodInfo AnyWithPredicate(Type element) => Of(QueryableMethods.AnyWithPredicate, element);

    /// <summary><c>Queryable.Any(source)</c>.</summary>
    public static MethodInfo Any(Type element) => Of(QueryableMethods.AnyWithoutPredicate, element);

    /// <summary><c>Queryable.Count(source)</c>.</summary>
    public static MethodInfo Count(Type element) => Of(QueryableMethods.CountWithoutPredicate, element);

    /// <summary><c>Queryable.Min(source)</c>.</summary>
    public static MethodInfo Min(Type element) => Of(QueryableMethods.MinWithoutSelector, element);

    /// <summary><c>Queryable.Max(source)</c>.</summary>
    public static MethodInfo Max(Type element) => Of(QueryableMethods.MaxWithoutSelector, element);

    /// <summary><c>Queryable.Contains(source, item)</c>.</summary>
    public static MethodInfo Contains(Type element) => Of(QueryableMethods.Contains, element);

    /// <summary><c>Enumerable.Contains(source, item)</c>.</summary>
    public static MethodInfo EnumerableContains(Type element) => Of(EnumerableContainsDefinition, element);

    /// <summary><c>Queryable.OrderBy(source, key)</c> or <c>ThenBy</c>.</summary>
    public static MethodInfo OrderBy(bool then, Type element, Type key) => Of(then ? QueryableMethods.ThenBy : QueryableMethods.OrderBy, element, key);

    private static MethodInfo Definition(Type owner, string name)
        => Private.GetOrAdd((owner, name), static key => key.Owner.GetMethod(key.Name, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{key.Owner.Name}.{key.Name} was not found."));
}
