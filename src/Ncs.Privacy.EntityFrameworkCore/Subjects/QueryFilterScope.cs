using System.Linq.Expressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Which query filters export, erasure and retention apply: every filter stays applied except those declared ignorable
/// (soft delete: a soft-deleted row still holds personal data). A tenant filter, or any filter the app did not declare
/// ignorable, keeps one tenant's services away from another tenant's rows. See docs/ownership.md, "Query filters".
/// </summary>
/// <remarks>
/// EF Core ignores filters for a whole query, subqueries included. The library therefore ignores them all and applies the
/// filters that stay itself, to the rows a query selects and to the rows it reaches the subject through
/// (<see cref="Apply{T}"/>, <see cref="Kept"/>), but not to the rows it asks "does anything refer to this row?" of
/// (<see cref="EntityStatements.Root"/>): a row of tenant B that refers to a row is a reference whichever tenant's
/// services look, and deleting the row would break it.
/// </remarks>
internal static class QueryFilterScope
{
    private static readonly AsyncLocal<bool> Unfiltered = new();

    /// <summary>
    /// Until disposed, in this asynchronous flow, no filter stays applied: the retention sweep acts on rows by their own
    /// dates, for every tenant (a background sweep has no tenant, and a strict tenant filter would hide every row), and
    /// shows nothing to anyone. Export and erasure never use it.
    /// </summary>
    public static IDisposable EveryTenant()
    {
        var previous = Unfiltered.Value;
        Unfiltered.Value = true;
        return new Restore(previous);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => Unfiltered.Value = previous;
    }

    /// <summary>The query with every filter ignored, then the filters that stay applied to its own rows.</summary>
    public static IQueryable<T> Apply<T>(DbContext context, IEntityType entityType, IQueryable<T> query)
        where T : class
    {
        var ignored = query.IgnoreQueryFilters();
        return KeptFilter(context, entityType) is not { } filter
            ? ignored
            : ignored.Where((Expression<Func<T, bool>>)filter);
    }

    /// <summary>A query root (an expression of <c>IQueryable&lt;T&gt;</c>) with the filters that stay applied to it.</summary>
    public static Expression Kept(DbContext context, IEntityType entityType, Expression root)
        => KeptFilter(context, entityType) is { } filter
            ? Expression.Call(ClosedMethods.Where(entityType.ClrType), root, Expression.Quote(filter))
            : root;

    /// <summary>
    /// <c>e =&gt; filter1(e) &amp;&amp; filter2(e)</c> over the filters of the entity type's hierarchy that are not declared
    /// ignorable, with the context the model was built with replaced by <paramref name="context"/> (the filter reads this
    /// context's tenant); null when none stays.
    /// </summary>
    public static LambdaExpression? KeptFilter(DbContext context, IReadOnlyEntityType entityType)
    {
        var extension = context.FindPrivacyExtension();
        if (extension is null || Unfiltered.Value)
        {
            return null; // not a privacy context: every filter ignored, as before issue 12
        }

        var row = Expression.Parameter(entityType.ClrType, "f");
        Expression? body = null;
        foreach (var filter in entityType.GetRootType().GetDeclaredQueryFilters().Where(f => !IsIgnorable(f, extension)))
        {
            if (filter.Expression is not { } lambda)
            {
                continue;
            }

            var parameter = lambda.Parameters[0];
            Expression argument = parameter.Type == row.Type ? row : Expression.Convert(row, parameter.Type);
            var rebound = new ContextRebinding(context, parameter, argument).Visit(lambda.Body);
            body = body is null ? rebound : Expression.AndAlso(body, rebound);
        }

        return body is null ? null : Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, typeof(bool)), body, row);
    }

    /// <summary>Named in the soft-delete list, or unnamed while the app declared unnamed filters soft delete.</summary>
    private static bool IsIgnorable(IQueryFilter filter, PrivacyOptionsExtension extension)
        => filter.IsAnonymous
            ? extension.UnnamedFilters == UnnamedQueryFilterKind.SoftDelete
            : extension.SoftDeleteFilters.Contains(filter.Key!, StringComparer.Ordinal);

    /// <summary>The start-up check's view: unnamed filters nobody declared.</summary>
    public static IEnumerable<PrivacyModelProblem> Check(IReadOnlyModel model, PrivacyOptionsExtension extension)
    {
        // A filter declared ignorable that reads anything besides the row (the context's tenant, a static CurrentTenant.Id, a
        // captured tenant service) is not only soft delete: ignoring it would cross tenants.
        foreach (var type in model.GetEntityTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var filter in type.GetDeclaredQueryFilters().Where(f => f.Expression is not null && IsIgnorable(f, extension)))
            {
                if (ReadOutsideTheRow(filter.Expression!) is not { } read)
                {
                    continue;
                }

                var which = filter.IsAnonymous ? "an unnamed query filter, declared soft delete (UnnamedQueryFilters = SoftDelete)," : $"the query filter \"{filter.Key}\", declared soft delete,";
                yield return new PrivacyModelProblem(PrivacyModelProblemKind.UnnamedQueryFilter, PrivacyModelCheck.EntityName(type), null,
                    $"has {which} that also reads {read}, not only the row ({filter.Expression}): export, erasure and retention ignore a soft-delete filter, so they would ignore whatever else it reads too, a tenant's id, and cross tenants. "
                    + "Split it into named filters: HasQueryFilter(\"SoftDelete\", e => !e.IsDeleted) and HasQueryFilter(\"Tenant\", e => e.TenantId == TenantId); export, erasure and retention ignore the first and keep the second");
            }
        }

        if (extension.UnnamedFilters != UnnamedQueryFilterKind.Unknown)
        {
            yield break;
        }

        foreach (var type in model.GetEntityTypes().Where(t => t.GetDeclaredQueryFilters().Any(f => f.IsAnonymous)))
        {
            yield return new PrivacyModelProblem(PrivacyModelProblemKind.UnnamedQueryFilter, PrivacyModelCheck.EntityName(type), null,
                "has an unnamed query filter, and export, erasure and retention cannot tell whether it hides soft-deleted rows (to be ignored: they still hold personal data) or separates tenants (to be kept: never cross a tenant boundary). "
                + "Name it: HasQueryFilter(\"SoftDelete\", e => !e.IsDeleted) or HasQueryFilter(\"Tenant\", e => e.TenantId == tenant), and list soft-delete names in AddEntityFrameworkCore<TContext>(o => o.SoftDeleteQueryFilters.Add(\"...\")) if not \"SoftDelete\"; "
                + "or declare what every unnamed filter of the model is with o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete (or .Tenant)");
        }
    }

    /// <summary>
    /// What a filter reads besides its row, described for the start-up error, or null when it reads only the row and
    /// literal values: the context it was built in (<c>this.TenantId</c>), a static field, property or method outside .NET,
    /// LINQ and EF Core (<c>CurrentTenant.Id</c>, an <c>AsyncLocal</c> behind a static property), or a captured variable or
    /// object (a tenant service captured in <c>OnModelCreating</c>). Any of them may be a tenant: a filter that only hides
    /// soft-deleted rows has no reason to read them.
    /// </summary>
    internal static string? ReadOutsideTheRow(LambdaExpression filter)
    {
        var finder = new OutsideReads();
        finder.Visit(filter.Body);
        return finder.Found;
    }

    private sealed class OutsideReads : ExpressionVisitor
    {
        public string? Found { get; private set; }

        public override Expression? Visit(Expression? node) => Found is null ? base.Visit(node) : node;

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is not null && !TreeValues.IsLiteral(node.Type))
            {
                Found = node.Value is DbContext
                    ? $"the context ({node.Type.Name})"
                    : node.Type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                        ? "a captured variable"
                        : $"a captured {node.Type.Name}";
            }

            return node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is null && !TreeValues.IsFramework(node.Member.DeclaringType))
            {
                Found = $"the static member {node.Member.DeclaringType?.Name}.{node.Member.Name}";
                return node;
            }

            if (node.Expression is ConstantExpression { Value: { } value } && !TreeValues.IsLiteral(node.Expression.Type))
            {
                // A captured variable is a field of the compiler's closure object: name the variable, not the closure.
                Found = value is DbContext
                    ? $"the context's {node.Member.Name}"
                    : node.Expression.Type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                        ? $"the captured variable '{node.Member.Name}'"
                        : $"{node.Expression.Type.Name}.{node.Member.Name} of a captured object";
                return node;
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is null && !TreeValues.IsFramework(node.Method.DeclaringType))
            {
                Found = $"the static method {node.Method.DeclaringType?.Name}.{node.Method.Name}";
                return node;
            }

            return base.VisitMethodCall(node);
        }
    }

    /// <summary>Replaces the filter's row parameter and the context it captured at model building (<c>this.Tenant</c>) by the current ones.</summary>
    private sealed class ContextRebinding(DbContext context, ParameterExpression parameter, Expression argument) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? argument : base.VisitParameter(node);

        protected override Expression VisitConstant(ConstantExpression node)
            => node.Value is DbContext && node.Type.IsInstanceOfType(context) ? Expression.Constant(context, node.Type) : base.VisitConstant(node);
    }
}
