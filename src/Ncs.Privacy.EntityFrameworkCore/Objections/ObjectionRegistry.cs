using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Stores objections in <typeparamref name="TContext"/>, the context that holds the subjects.</summary>
/// <typeparam name="TContext">The context.</typeparam>
internal sealed partial class ObjectionRegistry<TContext>(
    IServiceScopeFactory scopes,
    PrivacyPolicy policy,
    TimeProvider time,
    ILogger<ObjectionRegistry<TContext>> logger) : IObjectionRegistry, IExportSectionSource<ObjectionEntry>
    where TContext : DbContext
{
    public async Task<ObjectionEntry> ObjectAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var declared = ObjectablePurpose(purpose);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var (root, key) = await FindSubjectAsync(context, subject, cancellationToken).ConfigureAwait(false);
        var set = Objections(context);
        var existing = await set.AsNoTracking()
            .FirstOrDefaultAsync(o => o.SubjectCategory == root.Category.Id && o.SubjectKey == key && o.Purpose == declared.Id, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return Entry(existing);
        }

        var objection = new PrivacyObjection
        {
            SubjectCategory = root.Category.Id,
            SubjectKey = key,
            Purpose = declared.Id,
            // Whole microseconds: PostgreSQL keeps no finer precision, and a re-read must equal what was returned.
            ObjectedAtUtc = TruncateToMicroseconds(time.GetUtcNow().UtcDateTime),
        };
        if (await TryInsertOnceAsync(context, objection, cancellationToken).ConfigureAwait(false) is { } inserted)
        {
            // A concurrent request may have recorded the same objection first: the database kept one, which is the
            // outcome asked for, and nothing failed (so nothing is logged as an error).
            var stored = await set.AsNoTracking()
                .FirstAsync(o => o.SubjectCategory == root.Category.Id && o.SubjectKey == key && o.Purpose == declared.Id, cancellationToken)
                .ConfigureAwait(false);
            if (inserted)
            {
                LogRecorded(logger, declared.Id, root.Category.Id);
            }

            return Entry(stored);
        }

        set.Add(objection);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another request may have recorded the same objection between our read and our insert: the unique index
            // kept one, which is the outcome asked for. Anything else is a real failure.
            context.ChangeTracker.Clear();
            var raced = await set.AsNoTracking()
                .FirstOrDefaultAsync(o => o.SubjectCategory == root.Category.Id && o.SubjectKey == key && o.Purpose == declared.Id, cancellationToken)
                .ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }

            return Entry(raced);
        }

        LogRecorded(logger, declared.Id, root.Category.Id);
        return Entry(objection);
    }

    public async Task<bool> HasObjectedAsync(DataSubjectReference subject, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(purpose);
        if (!policy.Purposes.ContainsKey(purpose))
        {
            throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}; an undeclared purpose would answer 'not objected'.", nameof(purpose));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var root = Root(context, subject);
        var key = KeyText(root.ConvertId(subject.Id));
        return await Objections(context).AnyAsync(o => o.SubjectCategory == root.Category.Id && o.SubjectKey == key && o.Purpose == purpose, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ObjectionEntry>> ListAsync(DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var (root, key) = await FindSubjectAsync(context, subject, cancellationToken).ConfigureAwait(false);
        return await ListAsync(context, root, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The export's section: in the export's context and connection, without looking the subject up again (the export found it).</summary>
    public Task<IReadOnlyList<ObjectionEntry>> ListForExportAsync(IServiceProvider exportScope, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var context = exportScope.GetRequiredService<TContext>();
        var root = Root(context, subject);
        return ListAsync(context, root, KeyText(root.ConvertId(subject.Id)), cancellationToken);
    }

    private async Task<IReadOnlyList<ObjectionEntry>> ListAsync(DbContext context, SubjectRoot root, string key, CancellationToken cancellationToken)
    {
        var category = root.Category.Id;
        var rows = await Objections(context).AsNoTracking()
            .Where(o => o.SubjectCategory == category && o.SubjectKey == key)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(o => o.ObjectedAtUtc).ThenBy(o => o.Purpose, StringComparer.Ordinal).Select(Entry).ToArray();
    }

    /// <summary>
    /// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the engines that have it (SQLite, PostgreSQL): true when this call
    /// inserted the row, false when one existed; null on other engines (the caller inserts and handles the race).
    /// </summary>
    private static async Task<bool?> TryInsertOnceAsync(DbContext context, PrivacyObjection objection, CancellationToken cancellationToken)
    {
        if (context.Database.ProviderName is not ("Microsoft.EntityFrameworkCore.Sqlite" or "Npgsql.EntityFrameworkCore.PostgreSQL"))
        {
            return null;
        }

        var entity = context.Model.FindEntityType(typeof(PrivacyObjection))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = context.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({Column(nameof(PrivacyObjection.SubjectCategory))}, {Column(nameof(PrivacyObjection.SubjectKey))}, {Column(nameof(PrivacyObjection.Purpose))}, {Column(nameof(PrivacyObjection.ObjectedAtUtc))}) "
            + "VALUES ({0}, {1}, {2}, {3}) ON CONFLICT DO NOTHING";
        var rows = await context.Database.ExecuteSqlRawAsync(text, [objection.SubjectCategory, objection.SubjectKey, objection.Purpose, objection.ObjectedAtUtc], cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    private static DateTime TruncateToMicroseconds(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);

    internal static string KeyText(object key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;

    private ObjectionEntry Entry(PrivacyObjection o) =>
        new(o.Purpose, DateTime.SpecifyKind(o.ObjectedAtUtc, DateTimeKind.Utc), policy.Purposes.TryGetValue(o.Purpose, out var p) && p.DirectMarketing);

    private Purpose ObjectablePurpose(string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (!policy.Purposes.TryGetValue(purpose, out var declared))
        {
            throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}.", nameof(purpose));
        }

        if (!declared.SubjectMayObject)
        {
            throw new ArgumentException(
                $"Purpose '{purpose}' rests on {declared.LegalBasis.Article()} ({declared.LegalBasis}); Art. 21 gives a right to object only to processing based on "
                + "public task or legitimate interests, and to direct marketing" + (declared.LegalBasis == LegalBasis.Consent ? "; withdraw consent instead (Art. 7(3))." : "."),
                nameof(purpose));
        }

        return declared;
    }

    private static SubjectRoot Root(DbContext context, DataSubjectReference subject) =>
        context.GetSubjectGraph().FindRoot(subject.Category)
        ?? throw new ArgumentException($"{context.GetType().Name} has no data-subject root for category '{subject.Category}'.", nameof(subject));

    private static async Task<(SubjectRoot Root, string Key)> FindSubjectAsync(DbContext context, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var root = Root(context, subject);
        var id = root.ConvertId(subject.Id);
        var exists = await root.Entities[0].Query(context, id).Cast<object>().AnyAsync(cancellationToken).ConfigureAwait(false);
        return exists ? (root, KeyText(id)) : throw new DataSubjectNotFoundException(subject);
    }

    private static DbSet<PrivacyObjection> Objections(DbContext context) =>
        context.Model.FindEntityType(typeof(PrivacyObjection)) is null
            ? throw new InvalidOperationException($"{context.GetType().Name} does not map objections: call modelBuilder.AddPrivacyObjections() in its OnModelCreating (and add a migration).")
            : context.Set<PrivacyObjection>();

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Objection to purpose {Purpose} recorded for a {Category} subject")]
    private static partial void LogRecorded(ILogger logger, string purpose, string category);
}

/// <summary>Leaves out of a query the subjects who objected to a purpose.</summary>
public static class ObjectionQueryableExtensions
{
    /// <summary>
    /// Filters <paramref name="subjects"/> (rows of a data-subject root, e.g. customers) to those who have not objected
    /// to <paramref name="purpose"/>: use it in every query that selects people for that purpose (a marketing mailing).
    /// Translated to SQL (<c>NOT IN (SELECT ...)</c>); nothing is loaded to filter.
    /// </summary>
    /// <typeparam name="TSubject">The root entity type of the subject category.</typeparam>
    /// <param name="subjects">A query over the root entity.</param>
    /// <param name="context">The context that holds the subjects and the objections.</param>
    /// <param name="purpose">The purpose the query serves.</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TSubject"/> is not a data-subject root, or <paramref name="purpose"/> is not declared by the policy.</exception>
    public static IQueryable<TSubject> WhereNotObjectedTo<TSubject>(this IQueryable<TSubject> subjects, DbContext context, string purpose)
        where TSubject : class
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var graph = context.GetSubjectGraph();
        var root = graph.FindRoot(typeof(TSubject))
            ?? throw new ArgumentException($"{typeof(TSubject).Name} is not the root entity of a data-subject category.", nameof(subjects));
        if (!graph.Policy.Purposes.ContainsKey(purpose))
        {
            // A misspelt purpose matches no objection and would let every objector's data be processed.
            throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(graph.Policy.Purposes.Keys)}; name the purpose the query serves.", nameof(purpose));
        }

        if (context.Model.FindEntityType(typeof(PrivacyObjection)) is null)
        {
            throw new InvalidOperationException($"{context.GetType().Name} does not map objections: call modelBuilder.AddPrivacyObjections() in its OnModelCreating.");
        }

        var category = root.Category.Id;
        var subject = Expression.Parameter(typeof(TSubject), "s");

        // The key in the canonical text the objections store (a Guid in lower case on every engine).
        var key = RequestSubjects.KeyTextExpression(root, subject, typeof(TSubject));

        // An uncorrelated NOT IN (SELECT SubjectKey ...): the objections of one purpose, matched against each key.
        var objectedKeys = context.Set<PrivacyObjection>()
            .Where(o => o.SubjectCategory == category && o.Purpose == purpose)
            .Select(o => o.SubjectKey);
        var contains = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], objectedKeys.Expression, key);
        return subjects.Where(Expression.Lambda<Func<TSubject, bool>>(Expression.Not(contains), subject));
    }
}
