using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// One kind of retention work on one entity type: a row predicate, and either deletion or the anonymisation of some fields.
/// Built from the model and the policy alone, before anything is written.
/// </summary>
internal sealed record RetentionTask(
    IEntityType EntityType,
    ErasureRowAction Action,
    LambdaExpression Predicate,
    IReadOnlyList<PropertySetter> Setters,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Rules)
{
    /// <summary>
    /// Fields whose anonymised value SQL cannot recognise (a fixed value through a converter that encrypts with a random
    /// IV): the sweep reads them back through the converter and anonymises only the rows that still hold something else.
    /// </summary>
    public IReadOnlyList<(FieldPath Field, AnonymisationStrategy Strategy)> ReadBack { get; init; } = [];

    /// <summary>With <see cref="ReadBack"/>: <c>row =&gt; bool</c>, whether the other fields are already anonymised (decided in SQL).</summary>
    public LambdaExpression? OthersDone { get; init; }

    public string Name => $"{EntityType.Name}:{Action}:{string.Join(",", Fields)}";
}

/// <summary>Deletes or anonymises expired rows in batches; see <see cref="IRetentionEnforcer"/>.</summary>
internal sealed partial class RetentionEnforcer(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    PrivacyPolicy policy,
    TimeProvider time,
    IOptions<ErasureOptions> options,
    ILogger<RetentionEnforcer> logger) : IRetentionEnforcer
{
    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var batchSize = options.Value.RetentionBatchSize;
        if (batchSize <= 0)
        {
            throw new InvalidOperationException($"ErasureOptions.RetentionBatchSize is {batchSize}; it must be positive.");
        }

        var startedAt = time.GetUtcNow();
        var now = startedAt.UtcDateTime;
        var entries = new List<RetentionSweepEntry>();
        await using var scope = scopes.CreateAsyncScope();
        var contexts = registrations.DistinctBy(r => r.ContextType).Select(r => (DbContext)scope.ServiceProvider.GetRequiredService(r.ContextType)).ToArray();

        // Every task of every context is built first: a policy the model cannot honour fails before anything is written.
        var work = contexts.Select(c => (Context: c, Tasks: Tasks(c, c.GetSubjectGraph(), now))).Where(w => w.Tasks.Count > 0).ToArray();

        // Hook (Art. 18): rows of subjects whose processing is restricted are kept until the restriction ends; see Requests/RestrictionRegistry.cs.
        work = await RestrictionSweepExclusion.ApplyAsync(work, now, cancellationToken).ConfigureAwait(false);
        foreach (var (context, _) in work)
        {
            ErasureExecutor.RequireAudit(context);
        }

        LogSweepStarted(logger, work.Sum(w => w.Tasks.Count));
        foreach (var (context, tasks) in work)
        {
            foreach (var task in tasks)
            {
                long rows = 0;
                var batches = 0;
                int affected;

                // An anonymised row no longer matches its task (the start-up check admits only strategies whose result the
                // sweep recognises); as a second line, one run never changes more rows than were expired when it began, so
                // a value the check could not foresee (a converter that encrypts with a random IV) cannot make it loop.
                // Fields SQL cannot recognise as anonymised (a converter with a random IV) are read back through the
                // converter first: only the rows still holding another value are anonymised, batch by batch by key.
                var pending = task.ReadBack.Count > 0 ? await PendingAsync(context, task, cancellationToken).ConfigureAwait(false) : null;
                var expired = pending is not null
                    ? pending.Count
                    : task.Action == ErasureRowAction.Anonymise
                    ? await EntityStatements.CountAsync(EntityStatements.Where(EntityStatements.ExactType(EntityStatements.All(context, task.EntityType), task.EntityType), task.Predicate), cancellationToken).ConfigureAwait(false)
                    : long.MaxValue;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var size = (int)Math.Min(batchSize, expired - rows);
                    var batchTask = pending is null || size <= 0 ? task : task with { Predicate = WithKeys(task, pending.Skip((int)rows).Take(size)) };
                    affected = size <= 0 ? 0 : await RunBatchAsync(context, batchTask, size, startedAt, cancellationToken).ConfigureAwait(false);
                    if (affected > 0)
                    {
                        rows += affected;
                        batches++;
                        LogBatch(logger, task.EntityType.DisplayName(), task.Action, affected);
                    }
                }
                while (affected == batchSize && rows < expired);

                if (rows > 0)
                {
                    entries.Add(new RetentionSweepEntry(task.EntityType.Name, task.Action, task.Fields, task.Rules, rows, batches));
                }
            }
        }

        var result = new RetentionSweepResult(startedAt, entries);
        LogSweepFinished(logger, result.RowsDeleted, result.RowsAnonymised, result.Batches);
        return result;
    }

    /// <summary>The retention work of one model, dependents first so that a principal's rows can go once their dependents went.</summary>
    internal static List<RetentionTask> Tasks(DbContext context, SubjectGraph graph, DateTime now)
    {
        var tasks = new List<RetentionTask>();
        foreach (var entityType in graph.Model.GetEntityTypes()
                     .Where(t => !t.IsOwned() && t.ClrType != typeof(PrivacyAuditRecord) && t.GetTableName() is not null)
                     .OrderByDescending(t => DependencyDepth(t, 0))
                     .ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var personal = graph.GetProperties(entityType).Where(p => p.IsPersonalData && !p.Property.IsKey() && !p.Property.IsForeignKey())
                .Select(FieldPath.Direct)
                .Concat(ErasureDrafts.RowFields(graph, entityType))
                .ToArray();
            if (personal.Length == 0)
            {
                continue;
            }

            var row = Expression.Parameter(entityType.ClrType, "e");
            var expiredByRule = new Dictionary<string, Expression?>(StringComparer.Ordinal);
            Expression? ExpiredUnder(RetentionRule rule)
            {
                if (!expiredByRule.TryGetValue(rule.Id, out var expired))
                {
                    var anchor = rule.Period is null ? null : RetentionAnchors.Anchor(context, graph, entityType, rule, row);
                    expired = anchor is null ? null : RetentionAnchors.Expired(anchor, rule, now);
                    expiredByRule[rule.Id] = expired;
                }

                return expired;
            }

            // A field expires when every use's rule has expired for the row; a use without a period (or without an anchor)
            // keeps it until the subject is erased.
            var groups = new Dictionary<string, (List<FieldPath> Fields, Expression Expired, string[] Rules)>(StringComparer.Ordinal);
            var lasting = new List<FieldPath>();
            foreach (var property in personal)
            {
                var rules = property.Classified.Uses.Select(u => u.Retention).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
                var conditions = rules.Select(ExpiredUnder).ToArray();
                if (rules.Length == 0 || conditions.Any(c => c is null))
                {
                    lasting.Add(property);
                    continue;
                }

                // One UPDATE changes one table: in a table-per-type hierarchy, fields of each table are a task of their own.
                var table = property.Path.Count == 0 && property.Property.DeclaringType is IEntityType declaring ? declaring.GetTableName() : entityType.GetTableName();
                var key = string.Join(",", rules.Select(r => r.Id)) + "|" + table;
                if (!groups.TryGetValue(key, out var group))
                {
                    group = ([], conditions.Select(c => c!).Aggregate(Expression.AndAlso), rules.Select(r => r.Id).ToArray());
                    groups[key] = group;
                }

                group.Fields.Add(property);
            }

            if (groups.Count == 0)
            {
                continue;
            }

            var strategies = personal.ToDictionary(p => p, p => Anonymiser.Resolve(p.Classified));
            var allRules = groups.Values.SelectMany(g => g.Rules).Distinct().Order(StringComparer.Ordinal).ToArray();
            var mayDelete = EntityStatements.CanDelete(entityType) && !personal.Any(p => p.Classified.Uses.Any(u => u.Erasure == ErasureAction.Anonymise));
            if (mayDelete)
            {
                Expression condition = groups.Values.Select(g => g.Expired).Aggregate(Expression.AndAlso);

                // A record kept for a legal obligation (an invoice) whose hold has ended and that nothing refers to is
                // deleted, fields that merely "last while the account exists" included: anonymising its accounting fields
                // would leave a row that reads as another business fact (a paid invoice turned unpaid, issue 13).
                var recordOfLegalHold = groups.Values.Any(g => g.Rules.Any(r => graph.Policy.RetentionRules.TryGetValue(r, out var rule) && rule.IsLegalHold));
                foreach (var property in recordOfLegalHold ? [] : lasting)
                {
                    condition = Expression.AndAlso(condition, Anonymiser.IsAnonymised(row, property, strategies[property]));
                }

                foreach (var foreignKey in entityType.GetReferencingForeignKeys().Concat(entityType.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys())).Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk)))
                {
                    condition = Expression.AndAlso(condition, Expression.Not(Referenced(context, row, foreignKey)));
                }

                tasks.Add(new RetentionTask(
                    entityType,
                    ErasureRowAction.Delete,
                    Expression.Lambda(condition, row),
                    [],
                    personal.Select(p => p.Name).ToArray(),
                    allRules));
            }

            foreach (var (all, expired, rules) in groups.Values)
            {
                // A computed column is never written: it follows the columns it is computed from.
                var fields = all.Where(p => !Anonymiser.IsComputed(p.Property)).ToList();
                if (fields.Count == 0)
                {
                    continue;
                }

                Expression done = fields.Select(p => Anonymiser.IsAnonymised(row, p, strategies[p])).Aggregate(Expression.AndAlso);
                var readBack = fields.Where(p => !Anonymiser.RecognisedInDatabase(p.Property, strategies[p])).Select(p => (p, strategies[p])).ToArray();
                Expression othersDone = fields.Where(p => Anonymiser.RecognisedInDatabase(p.Property, strategies[p]))
                    .Select(p => Anonymiser.IsAnonymised(row, p, strategies[p])).DefaultIfEmpty(Expression.Constant(true)).Aggregate(Expression.AndAlso);
                tasks.Add(new RetentionTask(
                    entityType,
                    ErasureRowAction.Anonymise,
                    Expression.Lambda(Expression.AndAlso(expired, Expression.Not(done)), row),
                    fields.Select(p => new PropertySetter(p, Anonymiser.Value(entityType, p, strategies[p]))).ToArray(),
                    fields.Select(p => p.Name).ToArray(),
                    rules)
                {
                    ReadBack = readBack,
                    OthersDone = readBack.Length == 0 ? null : Expression.Lambda(othersDone, row),
                });
            }
        }

        return tasks;
    }

    /// <summary>The keys of the task's rows that, read back through the converters, still need anonymising.</summary>
    private static async Task<List<object?[]>> PendingAsync(DbContext context, RetentionTask task, CancellationToken cancellationToken)
    {
        var key = task.EntityType.FindPrimaryKey()!.Properties;
        var row = task.Predicate.Parameters[0];
        var items = key.Select(k => EntityStatements.Property(row, k))
            .Concat(task.ReadBack.Select(r => ReadBackAccess(r.Field, row)))
            .Append(task.OthersDone!.Body) // built over the same row parameter as the predicate
            .Select(e => (Expression)Expression.Convert(e, typeof(object)));
        var rows = EntityStatements.Where(EntityStatements.ExactType(EntityStatements.All(context, task.EntityType), task.EntityType), task.Predicate);
        var select = ClosedMethods.Select(task.EntityType.ClrType, typeof(object[]));
        var projected = rows.Provider.CreateQuery<object?[]>(
            Expression.Call(select, rows.Expression, Expression.Quote(Expression.Lambda(Expression.NewArrayInit(typeof(object), items), row))));
        var values = await projected.ToListAsync(cancellationToken).ConfigureAwait(false);
        return values
            .Where(v => !(bool)v[^1]! || task.ReadBack.Select((r, i) => (r, i)).Any(x => !Anonymiser.IsAnonymisedValue(ReadBackValue(x.r.Field, v[key.Count + x.i]), x.r.Field.Property, x.r.Strategy)))
            .Select(v => v[..key.Count])
            .ToList();
    }

    /// <summary>
    /// What is read back for a field: the field itself, or, inside a JSON document, the whole document of the row's complex
    /// property. EF Core cannot read a field of a document on its own where the database holds a JSON null (a list set to
    /// NULL on PostgreSQL), but reads the document with it.
    /// </summary>
    private static Expression ReadBackAccess(FieldPath field, ParameterExpression row)
        => JsonDocument(field) is { } document ? Expression.MakeMemberAccess(row, document) : field.Access(row);

    /// <summary>The field's value in what <see cref="ReadBackAccess"/> read.</summary>
    private static object? ReadBackValue(FieldPath field, object? read)
    {
        if (JsonDocument(field) is null)
        {
            return read;
        }

        foreach (var step in field.Path.Skip(1).Append(field.Property))
        {
            if (read is null)
            {
                return null;
            }

            read = step.PropertyInfo is { } property ? property.GetValue(read) : step.FieldInfo!.GetValue(read);
        }

        return read;
    }

    private static System.Reflection.MemberInfo? JsonDocument(FieldPath field)
        => field.Property.DeclaringType.IsMappedToJson() && field.Path.Count > 0 && field.Path[0] is IComplexProperty { IsCollection: false } complex
           && field.Path.Skip(1).Append(field.Property).All(p => p.PropertyInfo is not null || p.FieldInfo is not null)
            ? (System.Reflection.MemberInfo?)complex.PropertyInfo ?? complex.FieldInfo
            : null;

    /// <summary>The task's predicate, restricted to the rows with these keys.</summary>
    private static LambdaExpression WithKeys(RetentionTask task, IEnumerable<object?[]> keys)
    {
        var key = task.EntityType.FindPrimaryKey()!.Properties;
        var row = task.Predicate.Parameters[0];
        var match = Balanced(keys
            .Select(values => key.Select((k, i) => (Expression)Expression.Equal(EntityStatements.Property(row, k), Expression.Constant(values[i], EntityStatements.Property(row, k).Type)))
                .Aggregate(Expression.AndAlso))
            .ToArray());
        return Expression.Lambda(Expression.AndAlso(task.Predicate.Body, match), row);
    }

    /// <summary>The disjunction as a balanced tree: a batch of 1000 keys nests 10 deep, within SQLite's expression depth limit.</summary>
    private static Expression Balanced(ReadOnlySpan<Expression> terms)
        => terms.Length == 1 ? terms[0] : Expression.OrElse(Balanced(terms[..(terms.Length / 2)]), Balanced(terms[(terms.Length / 2)..]));

    private static int DependencyDepth(IEntityType entityType, int depth)
        => depth > 8 ? depth : entityType.GetForeignKeys().Where(fk => !fk.IsOwnership && fk.PrincipalEntityType != entityType)
            .Select(fk => DependencyDepth(fk.PrincipalEntityType, depth + 1)).DefaultIfEmpty(depth).Max();

    private static Expression Referenced(DbContext context, ParameterExpression row, IForeignKey foreignKey)
        => EntityStatements.Referenced(EntityStatements.Root(context, foreignKey.DeclaringEntityType), foreignKey, row);

    private async Task<int> RunBatchAsync(DbContext context, RetentionTask task, int batchSize, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            async ct =>
            {
                context.ChangeTracker.Clear();

                // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE transactions, so one writer at a time.
                await using var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                var rows = EntityStatements.ExactType(EntityStatements.All(context, task.EntityType), task.EntityType);
                IQueryable batch;
                if (context.Database.ProviderName == PostgresProvider && RetentionBatchLock.CanSkipLocked(task.EntityType) && task.ReadBack.Count == 0)
                {
                    // Instances sweeping one database work side by side (issue 18): each locks the batch it chose
                    // (FOR UPDATE SKIP LOCKED), passing over rows another instance holds, and changes exactly those rows. A
                    // row another instance changed meanwhile no longer matches the task (PostgreSQL checks the predicate
                    // again on the row's new version before it locks), so no row is handled twice.
                    var keys = await RetentionBatchLock.LockAsync(context, EntityStatements.Where(rows, task.Predicate), task.EntityType, batchSize, ct).ConfigureAwait(false);
                    if (keys.Length == 0)
                    {
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                        return 0;
                    }

                    // By key alone: this transaction holds the rows, so they still match; the predicate again would only
                    // repeat the work (and hide a missing lock from the reliability suite's check).
                    batch = EntityStatements.WithKeys(context, task.EntityType, keys);
                }
                else
                {
                    if (context.Database.ProviderName == PostgresProvider)
                    {
                        // Rows only a read-back recognises as done (or keys SKIP LOCKED cannot carry): instances take turns
                        // per task, a batch chosen and changed under the lock, so no row is handled twice.
                        await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey(task.Name)], ct).ConfigureAwait(false);
                    }

                    batch = EntityStatements.Batch(context, EntityStatements.Where(rows, task.Predicate), task.EntityType, batchSize);
                }

                var affected = task.Action == ErasureRowAction.Delete
                    ? await EntityStatements.DeleteAsync(batch, ct).ConfigureAwait(false)
                    : await EntityStatements.UpdateAsync(batch, task.Setters, ct).ConfigureAwait(false);
                if (affected > 0)
                {
                    context.Add(new PrivacyAuditRecord
                    {
                        Id = Guid.NewGuid(),
                        Kind = PrivacyAuditRecord.RetentionKind,
                        OccurredAt = startedAt,
                        Policy = policy.Name,
                        Rows = affected,
                        Entries = PrivacyAuditEntry.Write([new PrivacyAuditEntry
                        {
                            EntityType = task.EntityType.Name,
                            Action = task.Action,
                            Rows = affected,
                            Erased = task.Fields,
                            Rules = task.Rules,
                        }]),
                    });
                    await context.SaveChangesAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                context.ChangeTracker.Clear();
                return affected;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static long LockKey(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("ncs-privacy-retention:" + name)), 0);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Retention sweep started: {Tasks} tasks")]
    private static partial void LogSweepStarted(ILogger logger, int tasks);

    [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Retention batch on {EntityType}: {Action} {Rows} rows")]
    private static partial void LogBatch(ILogger logger, string entityType, ErasureRowAction action, int rows);

    [LoggerMessage(EventId = 223, Level = LogLevel.Information, Message = "Retention sweep finished: {Deleted} rows deleted, {Anonymised} anonymised, in {Batches} batches")]
    private static partial void LogSweepFinished(ILogger logger, long deleted, long anonymised, int batches);
}
