namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Which query filters export, erasure and retention ignore: the soft-delete ones (a soft-deleted row still holds
/// personal data), never the others (a tenant filter keeps one tenant's services away from another tenant's rows).
/// One definition for every query the library makes. See docs/ownership.md, "Query filters".
/// </summary>
internal static class QueryFilterScope
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, System.Collections.Concurrent.ConcurrentDictionary<(UnnamedQueryFilterKind, string), bool>> IgnoresAllByModel = [];

    /// <summary>The query with the soft-delete filters ignored and every other filter kept.</summary>
    public static IQueryable<T> Apply<T>(DbContext context, IQueryable<T> query)
        where T : class
    {
        var extension = context.FindPrivacyExtension();
        if (extension is null)
        {
            return query.IgnoreQueryFilters();
        }

        return IgnoresAll(context.Model, extension)
            ? query.IgnoreQueryFilters()
            : query.IgnoreQueryFilters(extension.SoftDeleteFilters.ToArray());
    }

    /// <summary>
    /// True when every filter of the model is a soft-delete filter (named in the list, or unnamed and declared
    /// <see cref="UnnamedQueryFilterKind.SoftDelete"/>): then all filters are ignored at once.
    /// </summary>
    private static bool IgnoresAll(IModel model, PrivacyOptionsExtension extension)
    {
        // Asked for every query the library makes: a walk of the model's filters, once per model and settings (issue 18).
        var answers = IgnoresAllByModel.GetValue(model, _ => new System.Collections.Concurrent.ConcurrentDictionary<(UnnamedQueryFilterKind, string), bool>());
        return answers.GetOrAdd((extension.UnnamedFilters, string.Join('\n', extension.SoftDeleteFilters)), _ => ComputeIgnoresAll(model, extension));
    }

    private static bool ComputeIgnoresAll(IModel model, PrivacyOptionsExtension extension)
        => model.GetEntityTypes().SelectMany(t => t.GetDeclaredQueryFilters()).All(f => f.IsAnonymous
            ? extension.UnnamedFilters == UnnamedQueryFilterKind.SoftDelete
            : extension.SoftDeleteFilters.Contains(f.Key!, StringComparer.Ordinal));

    /// <summary>The start-up check's view: unnamed filters nobody declared, and soft-delete unnamed filters mixed with named tenant filters.</summary>
    public static IEnumerable<PrivacyModelProblem> Check(IReadOnlyModel model, PrivacyOptionsExtension extension)
    {
        var filters = model.GetEntityTypes().SelectMany(t => t.GetDeclaredQueryFilters().Select(f => (Type: t, Filter: f))).ToArray();
        foreach (var (type, _) in filters.Where(f => f.Filter.IsAnonymous))
        {
            if (extension.UnnamedFilters == UnnamedQueryFilterKind.Unknown)
            {
                yield return new PrivacyModelProblem(PrivacyModelProblemKind.UnnamedQueryFilter, PrivacyModelCheck.EntityName(type), null,
                    "has an unnamed query filter, and export, erasure and retention cannot tell whether it hides soft-deleted rows (to be ignored: they still hold personal data) or separates tenants (to be kept: never cross a tenant boundary). "
                    + "Name it: HasQueryFilter(\"SoftDelete\", e => !e.IsDeleted) or HasQueryFilter(\"Tenant\", e => e.TenantId == tenant), and list soft-delete names in AddEntityFrameworkCore<TContext>(o => o.SoftDeleteQueryFilters.Add(\"...\")) if not \"SoftDelete\"; "
                    + "or declare what every unnamed filter of the model is with o.UnnamedQueryFilters = UnnamedQueryFilterKind.SoftDelete (or .Tenant)");
            }
            else if (extension.UnnamedFilters == UnnamedQueryFilterKind.SoftDelete
                     && filters.FirstOrDefault(f => !f.Filter.IsAnonymous && !extension.SoftDeleteFilters.Contains(f.Filter.Key!, StringComparer.Ordinal)) is { Type: { } other, Filter: { } named })
            {
                yield return new PrivacyModelProblem(PrivacyModelProblemKind.UnnamedQueryFilter, PrivacyModelCheck.EntityName(type), null,
                    $"has an unnamed query filter declared a soft-delete filter, while {PrivacyModelCheck.EntityName(other)} has the named filter '{named.Key}' that stays applied: an unnamed filter cannot be ignored without ignoring every filter. Name the soft-delete filters (HasQueryFilter(\"SoftDelete\", ...))");
            }
        }
    }
}
