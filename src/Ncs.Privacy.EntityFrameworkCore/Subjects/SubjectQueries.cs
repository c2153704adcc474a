using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Turns subject paths into LINQ predicates EF Core translates: one correlated <c>EXISTS</c> per foreign key crossed.</summary>
internal static class SubjectQueries
{
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    private static readonly MethodInfo AnyMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo QueryCoreMethod = typeof(SubjectQueries).GetMethod(nameof(QueryCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo EnumerableAnyDefinition = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo SetCoreMethod = typeof(SubjectQueries).GetMethod(nameof(SetCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo AnyCoreMethod = typeof(SubjectQueries).GetMethod(nameof(AnyCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static LambdaExpression Filter(DbContext context, IEntityType entityType, SubjectRoot root, IReadOnlyList<SubjectPath> paths, object subjectId)
    {
        // A field of a holder object, not a constant: EF Core turns it into a query parameter (and a cached statement into a
        // parameter of its own, StatementCache).
        var id = CallValues.Of(subjectId, root.Key.ClrType, CallValueSource.SubjectId);
        return FilterWhere(context, entityType, root, paths, key => Equal(key, id));
    }

    /// <summary>
    /// As <see cref="Filter"/>, for the subjects whose key satisfies <paramref name="subjectKey"/> (given an expression of the
    /// root's key, or of a foreign key to it): a set of subjects in one predicate, e.g. those in a subquery.
    /// </summary>
    public static LambdaExpression FilterWhere(DbContext context, IEntityType entityType, SubjectRoot root, IReadOnlyList<SubjectPath> paths, Func<Expression, Expression> subjectKey)
    {
        var parameter = Expression.Parameter(entityType.ClrType, "e");
        Expression? body = null;
        foreach (var path in paths)
        {
            var predicate = PathPredicate(context, parameter, path.Steps, 0, root, subjectKey);
            body = body is null ? predicate : Expression.OrElse(body, predicate);
        }

        return Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, typeof(bool)), body ?? Expression.Constant(false), parameter);
    }

    /// <summary>Rows of exactly this entity type, not of types derived from it (TPH, TPT and TPC alike).</summary>
    public static LambdaExpression? ExactTypeFilter(IEntityType entityType)
    {
        var derived = entityType.GetDirectlyDerivedTypes().Where(t => !t.HasSharedClrType).ToArray();
        if (derived.Length == 0)
        {
            return null;
        }

        var parameter = Expression.Parameter(entityType.ClrType, "e");
        Expression body = Expression.Not(Expression.TypeIs(parameter, derived[0].ClrType));
        foreach (var type in derived.Skip(1))
        {
            body = Expression.AndAlso(body, Expression.Not(Expression.TypeIs(parameter, type.ClrType)));
        }

        return Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, typeof(bool)), body, parameter);
    }

    public static IQueryable Query(DbContext context, IEntityType entityType, LambdaExpression filter)
        => (IQueryable)ClosedMethods.Of(QueryCoreMethod, entityType.ClrType).Invoke(null, [context, entityType, filter])!;

    public static Task<bool> AnyAsync(DbContext context, IEntityType entityType, LambdaExpression filter, CancellationToken cancellationToken)
        => (Task<bool>)ClosedMethods.Of(AnyCoreMethod, entityType.ClrType).Invoke(null, [context, entityType, filter, cancellationToken])!;

    /// <summary>
    /// A value EF Core sends as a query parameter, never as a literal: a field of a holder object, as a captured variable
    /// is. A literal (a <see cref="ConstantExpression"/>) makes every subject and every "now" a query of its own, compiled
    /// again and cached again each time (issue 18).
    /// </summary>
    public static Expression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(holder), nameof(StrongBox<object>.Value));
    }

    public static Expression Property(Expression instance, IReadOnlyPropertyBase property)
        => Expression.Call(ClosedMethods.Of(PropertyMethod, property.ClrType), instance, Expression.Constant(property.Name));

    // The rows a path reaches the subject through keep the filters that stay (a tenant's): see QueryFilterScope.
    private static Expression SetCore<T>(DbContext context, IEntityType entityType)
        where T : class
        => QueryFilterScope.Kept(context, entityType, (entityType.HasSharedClrType ? context.Set<T>(entityType.Name) : context.Set<T>()).AsQueryable().Expression);

    private static IQueryable<T> QueryCore<T>(DbContext context, IEntityType entityType, LambdaExpression filter)
        where T : class
    {
        var set = entityType.HasSharedClrType ? context.Set<T>(entityType.Name) : context.Set<T>();
        return QueryFilterScope.Apply(context, entityType, set).Where((Expression<Func<T, bool>>)filter);
    }

    private static Task<bool> AnyCore<T>(DbContext context, IEntityType entityType, LambdaExpression filter, CancellationToken cancellationToken)
        where T : class
        => QueryCore<T>(context, entityType, filter).AnyAsync(cancellationToken);

    private static Expression PathPredicate(DbContext context, Expression row, IReadOnlyList<SubjectStep> steps, int index, SubjectRoot root, Func<Expression, Expression> subjectKey)
    {
        if (index == steps.Count)
        {
            return subjectKey(Property(row, root.Key));
        }

        var step = steps[index];
        var foreignKey = step.ForeignKey;
        if (step.TowardsPrincipal && index == steps.Count - 1 && foreignKey.PrincipalKey.IsPrimaryKey()
            && foreignKey.Properties.Count == 1 && foreignKey.PrincipalKey.Properties[0] == root.Key)
        {
            // The last hop compares the foreign key with the subject's id: no need to visit the root row.
            return subjectKey(Property(row, foreignKey.Properties[0]));
        }

        if (!step.TowardsPrincipal && step.To.IsOwned())
        {
            return OwnedPointer(context, row, steps, index, root, subjectKey);
        }

        var next = Expression.Parameter(step.To.ClrType, "x" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The context's own query root, so that the whole query belongs to one context.
        var source = (Expression)ClosedMethods.Of(SetCoreMethod, step.To.ClrType).Invoke(null, [context, step.To])!;
        if (foreignKey.Properties.Count == 1)
        {
            // row.column IN (SELECT next.column FROM next WHERE ...): an uncorrelated subquery, which every engine evaluates
            // once and joins through the foreign key's index. SQLite runs a correlated EXISTS once per outer row instead,
            // a full scan of the outer table however few rows the subject owns.
            var (rowColumn, nextColumn) = step.TowardsPrincipal
                ? (foreignKey.Properties[0], foreignKey.PrincipalKey.Properties[0])
                : (foreignKey.PrincipalKey.Properties[0], foreignKey.Properties[0]);
            Expression outer = Property(row, rowColumn);
            Expression selected = Property(next, nextColumn);
            if (outer.Type != selected.Type)
            {
                var core = Nullable.GetUnderlyingType(outer.Type) ?? outer.Type;
                var nullable = core.IsValueType ? typeof(Nullable<>).MakeGenericType(core) : core;
                outer = Lift(outer, nullable);
                selected = Lift(selected, nullable);
            }

            var where = Expression.Lambda(typeof(Func<,>).MakeGenericType(step.To.ClrType, typeof(bool)), PathPredicate(context, next, steps, index + 1, root, subjectKey), next);
            var select = Expression.Lambda(typeof(Func<,>).MakeGenericType(step.To.ClrType, selected.Type), selected, next);
            var keys = Expression.Call(ClosedMethods.Select(step.To.ClrType, selected.Type),
                Expression.Call(ClosedMethods.Where(step.To.ClrType), source, Expression.Quote(where)),
                Expression.Quote(select));
            return Expression.Call(ClosedMethods.Contains(selected.Type), keys, outer);
        }

        Expression? join = null;
        for (var i = 0; i < foreignKey.Properties.Count; i++)
        {
            var equal = step.TowardsPrincipal
                ? Equal(Property(next, foreignKey.PrincipalKey.Properties[i]), Property(row, foreignKey.Properties[i]))
                : Equal(Property(next, foreignKey.Properties[i]), Property(row, foreignKey.PrincipalKey.Properties[i]));
            join = join is null ? equal : Expression.AndAlso(join, equal);
        }

        var inner = Expression.AndAlso(join!, PathPredicate(context, next, steps, index + 1, root, subjectKey));
        var lambda = Expression.Lambda(typeof(Func<,>).MakeGenericType(step.To.ClrType, typeof(bool)), inner, next);
        return Expression.Call(ClosedMethods.Of(AnyMethod, step.To.ClrType), source, lambda);
    }

    /// <summary>
    /// A reference declared on an owned type (a customer's <c>OwnsOne</c> profile's <c>PictureId</c>): owned types have no
    /// query root, so the step and the ownership steps after it become one subquery of the owning row, which reaches the
    /// reference through its ownership navigations (<c>Customers.Any(c =&gt; c.Profile.PictureId == row.Id &amp;&amp; ...)</c>;
    /// an owned collection with <c>Any</c>).
    /// </summary>
    private static Expression OwnedPointer(DbContext context, Expression row, IReadOnlyList<SubjectStep> steps, int index, SubjectRoot root, Func<Expression, Expression> subjectKey)
    {
        var foreignKey = steps[index].ForeignKey;
        var navigations = new List<INavigation>();
        var end = index + 1;
        while (end < steps.Count && steps[end].ForeignKey.IsOwnership && steps[end].TowardsPrincipal)
        {
            navigations.Insert(0, steps[end].ForeignKey.PrincipalToDependent!);
            end++;
        }

        var owner = steps[end - 1].To;
        var next = Expression.Parameter(owner.ClrType, "x" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var source = (Expression)ClosedMethods.Of(SetCoreMethod, owner.ClrType).Invoke(null, [context, owner])!;
        var refers = Reach(next, navigations, 0, owned =>
        {
            Expression? join = null;
            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                var equal = Equal(Property(owned, foreignKey.Properties[i]), Property(row, foreignKey.PrincipalKey.Properties[i]));
                join = join is null ? equal : Expression.AndAlso(join, equal);
            }

            return join!;
        });
        var inner = Expression.AndAlso(refers, PathPredicate(context, next, steps, end, root, subjectKey));
        return Expression.Call(ClosedMethods.Of(AnyMethod, owner.ClrType), source, Expression.Lambda(typeof(Func<,>).MakeGenericType(owner.ClrType, typeof(bool)), inner, next));
    }

    /// <summary><c>instance.A.B...</c> down ownership navigations, with <c>Any</c> over a collection, then <paramref name="leaf"/>.</summary>
    internal static Expression Reach(Expression instance, IReadOnlyList<INavigation> navigations, int index, Func<Expression, Expression> leaf)
    {
        if (index == navigations.Count)
        {
            return leaf(instance);
        }

        var navigation = navigations[index];
        var value = Expression.Call(ClosedMethods.Of(PropertyMethod, navigation.ClrType), instance, Expression.Constant(navigation.Name));
        if (!navigation.IsCollection)
        {
            return Reach(value, navigations, index + 1, leaf);
        }

        var element = navigation.TargetEntityType.ClrType;
        var item = Expression.Parameter(element, "o" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var any = ClosedMethods.Of(EnumerableAnyDefinition, element);
        return Expression.Call(any, value, Expression.Lambda(Reach(item, navigations, index + 1, leaf), item));
    }

    private static Expression Equal(Expression left, Expression right)
    {
        if (left.Type == right.Type)
        {
            return Expression.Equal(left, right);
        }

        var leftCore = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
        var rightCore = Nullable.GetUnderlyingType(right.Type) ?? right.Type;
        if (leftCore == rightCore && leftCore.IsValueType)
        {
            var nullable = typeof(Nullable<>).MakeGenericType(leftCore);
            return Expression.Equal(Lift(left, nullable), Lift(right, nullable));
        }

        return Expression.Equal(left, Expression.Convert(right, left.Type));
    }

    private static Expression Lift(Expression expression, Type nullable) => expression.Type == nullable ? expression : Expression.Convert(expression, nullable);
}
