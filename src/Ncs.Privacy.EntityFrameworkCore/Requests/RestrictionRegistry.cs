using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Records and lifts restrictions of processing (GDPR Art. 18). A restricted subject's data is stored and not otherwise
/// processed: queries that serve a purpose leave the subject out (<see cref="RestrictionQueryableExtensions.WhereNotRestricted"/>),
/// the export shows the restriction, and the retention sweep keeps the subject's rows until the restriction ends.
/// </summary>
public interface IRestrictionRegistry
{
    /// <summary>Restricts the processing of a subject's data.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="purpose">The purpose restricted; null for every purpose.</param>
    /// <param name="untilUtc">When the restriction ends by itself (UTC); null: until lifted.</param>
    /// <param name="requestId">The request that asked for it, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The restriction as stored.</returns>
    /// <exception cref="DataSubjectNotFoundException">The subject does not exist; nothing was written.</exception>
    /// <exception cref="ArgumentException">The purpose is not declared, the subject's category has no root, or <paramref name="untilUtc"/> is not a future UTC time; nothing was written.</exception>
    Task<RestrictionEntry> RestrictAsync(DataSubjectReference subject, string? purpose, DateTime? untilUtc, Guid? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Lifts the subject's restrictions in force for <paramref name="purpose"/> (null: the restriction of every purpose). Inform the subject first (Art. 18(3)).</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="purpose">The purpose, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many restrictions were lifted.</returns>
    Task<int> LiftAsync(DataSubjectReference subject, string? purpose, CancellationToken cancellationToken = default);

    /// <summary>Whether processing of the subject's data for <paramref name="purpose"/> is restricted now.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>True when a restriction of that purpose, or of every purpose, is in force.</returns>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is not declared by the policy (a misspelt purpose must not answer "not restricted").</exception>
    Task<bool> IsRestrictedAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default);

    /// <summary>The subject's restrictions, in force and past, oldest first.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The restrictions.</returns>
    Task<IReadOnlyList<RestrictionEntry>> ListAsync(DataSubjectReference subject, CancellationToken cancellationToken = default);
}

/// <summary>A recorded restriction.</summary>
/// <param name="Purpose">The purpose restricted; null for every purpose.</param>
/// <param name="RestrictedAtUtc">When it was recorded.</param>
/// <param name="UntilUtc">When it ends by itself; null: until lifted.</param>
/// <param name="LiftedAtUtc">When it was lifted.</param>
/// <param name="InForce">Whether it is in force now.</param>
/// <param name="RequestId">The request that asked for it.</param>
public sealed record RestrictionEntry(string? Purpose, DateTime RestrictedAtUtc, DateTime? UntilUtc, DateTime? LiftedAtUtc, bool InForce, Guid? RequestId);

/// <summary>Stores restrictions in <typeparamref name="TContext"/>.</summary>
/// <typeparam name="TContext">The context that holds the subjects.</typeparam>
internal sealed partial class RestrictionRegistry<TContext>(
    IServiceScopeFactory scopes,
    PrivacyPolicy policy,
    TimeProvider time,
    ILogger<RestrictionRegistry<TContext>> logger) : IRestrictionRegistry, IExportSectionSource<RestrictionEntry>
    where TContext : DbContext
{
    public async Task<RestrictionEntry> RestrictAsync(DataSubjectReference subject, string? purpose, DateTime? untilUtc, Guid? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var now = RequestTime.Now(time);
        if (purpose is not null && !policy.Purposes.ContainsKey(purpose))
        {
            throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}; pass null to restrict every purpose.", nameof(purpose));
        }

        if (untilUtc is { } until && (until.Kind != DateTimeKind.Utc || until <= now))
        {
            throw new ArgumentException($"The restriction's end ({until:O}) must be a UTC time after now; pass null to restrict until lifted.", nameof(untilUtc));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var key = await RequestSubjects.ExistingKeyAsync(context, subject, cancellationToken).ConfigureAwait(false);
        var restriction = new PrivacyRestriction
        {
            SubjectCategory = subject.Category,
            SubjectKey = key,
            Purpose = purpose,
            RequestId = requestId,
            RestrictedAtUtc = now,
            UntilUtc = untilUtc is { } u ? RequestTime.Truncate(u) : null,
        };
        Restrictions(context).Add(restriction);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogRestricted(logger, purpose ?? "(every purpose)", subject.Category);
        return Entry(restriction, now);
    }

    public async Task<int> LiftAsync(DataSubjectReference subject, string? purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var now = RequestTime.Now(time);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var key = RequestSubjects.KeyText(context, subject);
        var rows = await Restrictions(context)
            .Where(r => r.SubjectCategory == subject.Category && r.SubjectKey == key && r.Purpose == purpose && r.LiftedAtUtc == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            row.LiftedAtUtc = now;
        }

        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogLifted(logger, rows.Count, subject.Category);
        return rows.Count;
    }

    public async Task<bool> IsRestrictedAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        RestrictionQueryableExtensions.RequireDeclared(policy, purpose);
        var now = RequestTime.Now(time);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var key = RequestSubjects.KeyText(context, subject);
        return await Restrictions(context)
            .Where(RestrictionQueryableExtensions.InForce(subject.Category, purpose, now))
            .AnyAsync(r => r.SubjectKey == key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RestrictionEntry>> ListAsync(DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var scope = scopes.CreateAsyncScope();
        return await ListAsync(scope.ServiceProvider.GetRequiredService<TContext>(), subject, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The export's section: in the export's context and connection.</summary>
    public Task<IReadOnlyList<RestrictionEntry>> ListForExportAsync(IServiceProvider exportScope, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ListAsync(exportScope.GetRequiredService<TContext>(), subject, cancellationToken);
    }

    private async Task<IReadOnlyList<RestrictionEntry>> ListAsync(TContext context, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var now = RequestTime.Now(time);
        var key = RequestSubjects.KeyText(context, subject);
        var rows = await Restrictions(context).AsNoTracking()
            .Where(r => r.SubjectCategory == subject.Category && r.SubjectKey == key)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.RestrictedAtUtc).ThenBy(r => r.Id).Select(r => Entry(r, now)).ToArray();
    }

    internal static DbSet<PrivacyRestriction> Restrictions(DbContext context) =>
        context.Model.FindEntityType(typeof(PrivacyRestriction)) is null
            ? throw new InvalidOperationException($"{context.GetType().Name} does not map restrictions: call modelBuilder.AddPrivacyRequests() in its OnModelCreating (and add a migration).")
            : context.Set<PrivacyRestriction>();

    private static RestrictionEntry Entry(PrivacyRestriction r, DateTime now) =>
        new(r.Purpose, r.RestrictedAtUtc, r.UntilUtc, r.LiftedAtUtc, r.LiftedAtUtc is null && (r.UntilUtc is null || r.UntilUtc > now), r.RequestId);

    [LoggerMessage(EventId = 520, Level = LogLevel.Information, Message = "Processing restricted ({Purpose}) for a {Category} subject (Art. 18)")]
    private static partial void LogRestricted(ILogger logger, string purpose, string category);

    [LoggerMessage(EventId = 521, Level = LogLevel.Information, Message = "{Count} restriction(s) lifted for a {Category} subject")]
    private static partial void LogLifted(ILogger logger, int count, string category);
}

/// <summary>Leaves restricted subjects out of a query (Art. 18(2)).</summary>
public static class RestrictionQueryableExtensions
{
    /// <summary>
    /// Filters <paramref name="subjects"/> (rows of a data-subject root) to those whose data may be processed for
    /// <paramref name="purpose"/> at <paramref name="asOfUtc"/>: a subject with a restriction in force of that purpose, or of
    /// every purpose, is left out. Use it in every query that processes people's data for a purpose, as with objections.
    /// Translated to SQL (<c>NOT IN (SELECT ...)</c>); nothing is loaded to filter.
    /// </summary>
    /// <typeparam name="TSubject">The root entity type of the subject category.</typeparam>
    /// <param name="subjects">A query over the root entity.</param>
    /// <param name="context">The context that holds the subjects and the restrictions.</param>
    /// <param name="purpose">The purpose the query serves.</param>
    /// <param name="asOfUtc">The time restrictions are evaluated at (UTC), usually <c>TimeProvider.GetUtcNow().UtcDateTime</c>.</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TSubject"/> is not a data-subject root, <paramref name="purpose"/> is not declared by the policy, or <paramref name="asOfUtc"/> is not UTC.</exception>
    /// <exception cref="InvalidOperationException">The context does not map restrictions (<c>AddPrivacyRequests()</c>).</exception>
    public static IQueryable<TSubject> WhereNotRestricted<TSubject>(this IQueryable<TSubject> subjects, DbContext context, string purpose, DateTime asOfUtc)
        where TSubject : class
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (asOfUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("asOfUtc must be a UTC time (DateTimeKind.Utc).", nameof(asOfUtc));
        }

        var graph = context.GetSubjectGraph();
        var root = graph.FindRoot(typeof(TSubject))
            ?? throw new ArgumentException($"{typeof(TSubject).Name} is not the root entity of a data-subject category.", nameof(subjects));
        RequireDeclared(graph.Policy, purpose);
        var restrictedKeys = RestrictionRegistry<DbContext>.Restrictions(context)
            .Where(InForce(root.Category.Id, purpose, asOfUtc))
            .Select(r => r.SubjectKey);
        var subject = Expression.Parameter(typeof(TSubject), "s");
        var contains = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], restrictedKeys.Expression, RequestSubjects.KeyTextExpression(root, subject, typeof(TSubject)));
        return subjects.Where(Expression.Lambda<Func<TSubject, bool>>(Expression.Not(contains), subject));
    }

    /// <summary>Refuses a purpose the policy does not declare: it matches no restriction, so a typo would let restricted data be processed.</summary>
    internal static void RequireDeclared(PrivacyPolicy policy, string purpose)
    {
        if (!policy.Purposes.ContainsKey(purpose))
        {
            throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}; name the purpose the processing serves.", nameof(purpose));
        }
    }

    /// <summary>Restrictions in force at <paramref name="now"/> for a purpose of a category (purpose null: in force for any purpose).</summary>
    internal static Expression<Func<PrivacyRestriction, bool>> InForce(string category, string? purpose, DateTime now) => purpose is null
        ? r => r.SubjectCategory == category && r.LiftedAtUtc == null && (r.UntilUtc == null || r.UntilUtc > now)
        : r => r.SubjectCategory == category && r.LiftedAtUtc == null && (r.UntilUtc == null || r.UntilUtc > now) && (r.Purpose == null || r.Purpose == purpose);
}

/// <summary>Adds the subject's restrictions (Art. 18) to their export.</summary>
internal sealed class RestrictionExportContributor(IRestrictionRegistry registry) : IExportContributor
{
    public string Name => "restrictions";

    public async Task WriteAsync(ExportContributionContext context, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var restrictions = context.Services is { } scope && registry is IExportSectionSource<RestrictionEntry> source
            ? await source.ListForExportAsync(scope, context.Subject, cancellationToken).ConfigureAwait(false)
            : await registry.ListAsync(context.Subject, cancellationToken).ConfigureAwait(false);
        writer.WriteStartArray();
        foreach (var r in restrictions)
        {
            writer.WriteStartObject();
            if (r.Purpose is null)
            {
                writer.WriteNull("purpose");
            }
            else
            {
                writer.WriteString("purpose", r.Purpose);
            }

            writer.WriteString("restrictedAt", r.RestrictedAtUtc);
            WriteTime(writer, "until", r.UntilUtc);
            WriteTime(writer, "liftedAt", r.LiftedAtUtc);
            writer.WriteBoolean("inForce", r.InForce);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>
/// The retention sweep's hook for restrictions (Art. 18(1)(b), (c)): rows of a subject with any restriction in force are
/// stored, not deleted or anonymised, until the restriction ends. Called from <c>RetentionEnforcer.SweepAsync</c>.
/// </summary>
internal static class RestrictionSweepExclusion
{
    /// <summary>
    /// Adds "and not of a restricted subject" to every task of a context that maps restrictions: one
    /// <c>NOT IN (SELECT SubjectKey FROM restrictions in force)</c> per subject category, however many restrictions there are.
    /// </summary>
    public static async Task<(DbContext Context, List<RetentionTask> Tasks)[]> ApplyAsync(
        (DbContext Context, List<RetentionTask> Tasks)[] work, DateTime now, CancellationToken cancellationToken)
    {
        for (var i = 0; i < work.Length; i++)
        {
            var (context, tasks) = work[i];
            if (context.Model.FindEntityType(typeof(PrivacyRestriction)) is null)
            {
                continue;
            }

            var categories = await context.Set<PrivacyRestriction>().AsNoTracking()
                .Where(r => r.LiftedAtUtc == null && (r.UntilUtc == null || r.UntilUtc > now))
                .Select(r => r.SubjectCategory)
                .Distinct()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var graph = context.GetSubjectGraph();
            var roots = categories.Select(graph.FindRoot).OfType<SubjectRoot>().ToArray();
            if (roots.Length == 0)
            {
                continue;
            }

            work[i] = (context, tasks.Select(task => Exclude(context, task, roots, now)).ToList());
        }

        return work;
    }

    private static RetentionTask Exclude(DbContext context, RetentionTask task, IReadOnlyList<SubjectRoot> roots, DateTime now)
    {
        var row = task.Predicate.Parameters[0];
        var body = task.Predicate.Body;
        foreach (var root in roots)
        {
            if (root.Find(task.EntityType) is not { IsOwned: false } entity)
            {
                continue;
            }

            // The subject graph's own definition of a subject's rows, for every subject whose key is restricted: the
            // restrictions stay in the database, in one uncorrelated subquery.
            var restrictedKeys = context.Set<PrivacyRestriction>()
                .Where(RestrictionQueryableExtensions.InForce(root.Category.Id, null, now))
                .Select(r => r.SubjectKey)
                .Expression;
            var restricted = SubjectQueries.FilterWhere(context, entity.EntityType, root, entity.Shares.SelectMany(s => s.Paths).ToArray(), key =>
            {
                Expression contains = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], restrictedKeys, RequestSubjects.CanonicalText(key));
                return key.Type.IsValueType && Nullable.GetUnderlyingType(key.Type) is null
                    ? contains
                    : Expression.AndAlso(Expression.NotEqual(key, Expression.Constant(null, key.Type)), contains);
            });
            body = Expression.AndAlso(body, Expression.Not(new ParameterReplacer(restricted.Parameters[0], row).Visit(restricted.Body)));
        }

        return ReferenceEquals(body, task.Predicate.Body) ? task : task with { Predicate = Expression.Lambda(body, row) };
    }

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>
/// The erasure executor's hook for restrictions: a restriction names its subject by the key, like a foreign key, and a
/// natural key (a mailing list keyed by the address) is personal data. When an erasure leaves no row of the subject, the
/// restrictions keep their history (purpose, dates, request) but name the subject by the audit trail's keyed hash, and
/// end: there is nothing left to restrict. Runs inside the erasure's transaction.
/// </summary>
internal static class RestrictionErasure
{
    public static async Task ForgetSubjectKeyAsync(DbContext context, string category, object subjectId, string hash, DateTime now, CancellationToken cancellationToken)
    {
        if (context.Model.FindEntityType(typeof(PrivacyRestriction)) is null || context.GetSubjectGraph().FindRoot(category) is not { } root)
        {
            return;
        }

        if (await root.Entities[0].Query(context, subjectId).Cast<object>().AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return; // The subject's row stays (retained or anonymised): its restrictions still apply to it.
        }

        var key = Convert.ToString(subjectId, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        var ended = RequestTime.Truncate(now);
        await context.Set<PrivacyRestriction>()
            .Where(r => r.SubjectCategory == category && r.SubjectKey == key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SubjectKey, hash).SetProperty(r => r.LiftedAtUtc, r => r.LiftedAtUtc ?? ended), cancellationToken)
            .ConfigureAwait(false);
    }
}
