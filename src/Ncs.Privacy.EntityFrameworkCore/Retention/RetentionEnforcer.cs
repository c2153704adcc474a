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

    /// <summary>
    /// With <see cref="ErasureRowAction.Delete"/>: the task's condition without "no row refers to it" (a row expired and
    /// otherwise free to go), over the same row parameter as <see cref="Predicate"/>; with <see cref="Referencing"/>, what
    /// <see cref="RetentionEnforcer.LeaveRowsOthersLetGo"/> needs to tell the rows that stay because a row that stays
    /// refers to them from those whose referrers are going too.
    /// </summary>
    public LambdaExpression? Unreferenced { get; init; }

    /// <summary>With <see cref="ErasureRowAction.Delete"/>: the foreign keys whose rows keep this task's rows.</summary>
    public IReadOnlyList<IForeignKey> Referencing { get; init; } = [];

    /// <summary>
    /// For a deletion: the references its rows make to rows the subject points to (<c>Order.ShippingAddressId → Address</c>),
    /// directly or from an owned value inside them. The batch that deletes the last row referring to such a row deletes it
    /// too, in the same transaction, as erasure would (issue 12, round 5).
    /// </summary>
    public IReadOnlyList<PointerRead> Pointers { get; init; } = [];

    /// <summary>
    /// With <see cref="ErasureRowAction.Anonymise"/>: the anchor its batches continue from (a keyset on the anchor and the
    /// key, <see cref="RetentionBatches.KeysetAnchor"/>), or null when each batch takes the first rows that still match.
    /// </summary>
    public IProperty? Keyset { get; init; }

    public string Name => $"{EntityType.Name}:{Action}:{string.Join(",", Fields)}";
}

/// <summary>A reference to a row the subject points to: the owned navigations from the row to the type declaring it (none for the row's own), and the foreign key.</summary>
internal sealed record PointerRead(IReadOnlyList<INavigation> OwnedPath, IForeignKey ForeignKey);

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

        // Retention is enforced per row by its own dates, not per subject: the sweep sees every tenant, as it sees
        // soft-deleted rows (a background sweep has no tenant, and a strict tenant filter would hide every row from it).
        using var everyTenant = QueryFilterScope.EveryTenant();
        var startedAt = time.GetUtcNow();
        var now = startedAt.UtcDateTime;
        var entries = new List<RetentionSweepEntry>();
        await using var scope = scopes.CreateAsyncScope();
        var contexts = registrations.DistinctBy(r => r.ContextType).Select(r => (DbContext)scope.ServiceProvider.GetRequiredService(r.ContextType)).ToArray();

        // Every task of every context is built first: a policy the model cannot honour fails before anything is written.
        var work = contexts.Select(c => (Context: c, Tasks: Tasks(c, c.GetSubjectGraph(), now))).Where(w => w.Tasks.Count > 0).ToArray();

        // Hook (Art. 18): rows of subjects whose processing is restricted are kept until the restriction ends; see Requests/RestrictionRegistry.cs.
        work = await RestrictionSweepExclusion.ApplyAsync(work, now, cancellationToken).ConfigureAwait(false);

        // After the restrictions: a referrer of a restricted subject stays, and so does what it refers to.
        work = work.Select(w => (w.Context, LeaveRowsOthersLetGo(w.Context, w.Tasks))).ToArray();
        foreach (var (context, _) in work)
        {
            ErasureExecutor.RequireAudit(context);
        }

        LogSweepStarted(logger, work.Sum(w => w.Tasks.Count));
        var followed = new Dictionary<(string EntityType, string Task), (string[] Fields, IReadOnlyList<string> Rules, long Rows, int Batches)>();
        foreach (var (context, tasks) in work)
        {
            foreach (var task in tasks)
            {
                long rows = 0;
                var batches = 0;
                int affected;
                var state = new BatchState();

                // An anonymised row no longer matches its task (the start-up check admits only strategies whose result the
                // sweep recognises); as a second line, one run never changes more rows than were expired when it began, so
                // a value the check could not foresee (a converter that encrypts with a random IV) cannot make it loop.
                // Fields SQL cannot recognise as anonymised (a converter with a random IV) are read back through the
                // converter first: only the rows still holding another value are anonymised, batch by batch by key.
                var pending = task.ReadBack.Count > 0 ? await PendingAsync(context, task, cancellationToken).ConfigureAwait(false) : null;
                var expired = pending is not null
                    ? pending.Count
                    : task.Action == ErasureRowAction.Anonymise
                    ? await EntityStatements.CountAsync(EntityStatements.Where(EntityStatements.ExactType(EntityStatements.All(context, task.EntityType, everyTenant: true), task.EntityType), task.Predicate), cancellationToken).ConfigureAwait(false)
                    : long.MaxValue;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var size = (int)Math.Min(batchSize, expired - rows);
                    var batchTask = pending is null || size <= 0 ? task : task with { Predicate = WithKeys(task, pending.Skip((int)rows).Take(size)) };
                    affected = size <= 0 ? 0 : await RunBatchAsync(context, batchTask, size, startedAt, followed, state, cancellationToken).ConfigureAwait(false);
                    if (affected > 0)
                    {
                        rows += affected;
                        batches++;
                        LogBatch(logger, task.EntityType.DisplayName(), task.Action, affected);
                    }
                }
                // Rows that refer to rows of their own type (a reply to an expired comment): a batch deletes only rows nothing
                // refers to, so the rows they referred to are found by the next batch, until a batch finds none; a short batch
                // does not end the task.
                while ((affected == batchSize || (affected > 0 && RefersToItself(task))) && rows < expired);

                if (rows > 0)
                {
                    entries.Add(new RetentionSweepEntry(task.EntityType.Name, task.Action, task.Fields, task.Rules, rows, batches));
                }
            }
        }

        // Rows the subject points to that went with the last row referring to them, after the tasks that deleted those rows.
        entries.AddRange(followed.Select(f => new RetentionSweepEntry(f.Key.EntityType, ErasureRowAction.Delete, f.Value.Fields, f.Value.Rules, f.Value.Rows, f.Value.Batches)));
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
                var table = EntityStatements.TableOf(entityType, property);
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

                var unreferenced = condition;
                var referencing = entityType.GetReferencingForeignKeys().Concat(entityType.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys())).Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk)).ToArray();
                foreach (var foreignKey in referencing)
                {
                    condition = Expression.AndAlso(condition, Expression.Not(Referenced(context, row, foreignKey)));
                }

                tasks.Add(new RetentionTask(
                    entityType,
                    ErasureRowAction.Delete,
                    Expression.Lambda(condition, row),
                    [],
                    personal.Select(p => p.Name).ToArray(),
                    allRules)
                {
                    Unreferenced = Expression.Lambda(unreferenced, row),
                    Referencing = referencing,
                    Pointers = PointersOf(graph, entityType),
                });
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
                var setters = fields.Select(p => new PropertySetter(p, Anonymiser.Value(entityType, p, strategies[p]))).ToArray();
                tasks.Add(new RetentionTask(
                    entityType,
                    ErasureRowAction.Anonymise,
                    Expression.Lambda(Expression.AndAlso(expired, Expression.Not(done)), row),
                    setters,
                    fields.Select(p => p.Name).ToArray(),
                    rules)
                {
                    ReadBack = readBack,
                    OthersDone = readBack.Length == 0 ? null : Expression.Lambda(othersDone, row),
                    Keyset = readBack.Length == 0 ? RetentionBatches.KeysetAnchor(graph, entityType, rules, setters) : null,
                });
            }
        }

        return tasks;
    }

    /// <summary>Whether a deleting task's rows may refer to rows of the same hierarchy, which its next batch then finds.</summary>
    private static bool RefersToItself(RetentionTask task)
        => task.Action == ErasureRowAction.Delete && task.Referencing.Any(fk => fk.DeclaringEntityType.GetRootType() == task.EntityType.GetRootType());

    /// <summary>
    /// A row that a deleting task would delete but for the rows that refer to it is anonymised instead, by the task that
    /// follows (an expired event a receipt still refers to). With several instances sweeping at once (PostgreSQL), one
    /// instance reached that task while another still held the referring rows it was about to delete: it anonymised rows
    /// that were going anyway, and the other instance then deleted them, so that they were handled twice and the audit
    /// trail counted them twice (the flaky Reliability test of issue 18). The anonymising task therefore leaves the rows
    /// whose every referrer is itself going (its own deleting task, which runs first, selects it): they are deleted by
    /// whoever deletes their referrers, in this sweep. In one sweep alone nothing changes: when the anonymising task runs,
    /// the deleting tasks before it have already removed every row they select. A referrer that a deleting task selects but
    /// another transaction holds locked is passed over by this sweep (SKIP LOCKED), and so, then, is the row it refers to;
    /// the next sweep handles both. Referrers in a hierarchy, owned or of the same type are taken as staying (as before).
    /// </summary>
    internal static List<RetentionTask> LeaveRowsOthersLetGo(DbContext context, List<RetentionTask> tasks)
    {
        var result = new List<RetentionTask>(tasks.Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var row = task.Predicate.Parameters[0];
            var deleting = task.Action == ErasureRowAction.Anonymise
                ? tasks.Take(i).FirstOrDefault(t => t.Action == ErasureRowAction.Delete && t.EntityType == task.EntityType && t.Unreferenced is not null)
                : null;
            if (deleting?.Unreferenced is not { } unreferenced || unreferenced.Parameters[0] != row)
            {
                result.Add(task);
                continue;
            }

            var before = tasks.Take(tasks.IndexOf(deleting)).ToArray();
            var going = unreferenced.Body;
            foreach (var foreignKey in deleting.Referencing)
            {
                var dependent = foreignKey.DeclaringEntityType;
                Expression referrers = EntityStatements.Root(context, dependent);
                var theirs = before.FirstOrDefault(t => t.Action == ErasureRowAction.Delete && t.EntityType == dependent);
                if (theirs is not null && dependent != task.EntityType && !dependent.IsOwned() && !dependent.GetDerivedTypes().Any() && dependent.BaseType is null)
                {
                    // The referrers that stay: those their own deleting task does not select.
                    referrers = Expression.Call(
                        ClosedMethods.Where(dependent.ClrType), referrers, Expression.Quote(Expression.Lambda(Expression.Not(theirs.Predicate.Body), theirs.Predicate.Parameters)));
                }

                going = Expression.AndAlso(going, Expression.Not(EntityStatements.Referenced(Others(referrers, foreignKey, row), foreignKey, row)));
            }

            result.Add(task with { Predicate = Expression.Lambda(Expression.AndAlso(task.Predicate.Body, Expression.Not(going)), row) });
        }

        return result;
    }

    /// <summary>
    /// The foreign keys by which rows of <paramref name="entityType"/> (or owned values inside them) point to rows a subject
    /// points to, as the subject graph found them (never a reference marked <c>IsNotOwnership()</c>): single-column keys,
    /// whose pointed-to rows the sweep can find again by key.
    /// </summary>
    internal static IReadOnlyList<PointerRead> PointersOf(SubjectGraph graph, IEntityType entityType)
    {
        var pointers = graph.Roots.SelectMany(r => r.Entities).SelectMany(e => e.Shares).Where(s => s.IsPointedTo)
            .SelectMany(s => s.Paths).Where(p => p.Steps.Count > 0 && !p.Steps[0].TowardsPrincipal).Select(p => p.Steps[0].ForeignKey)
            .ToHashSet();
        var result = new List<PointerRead>();
        void Walk(IEntityType type, IReadOnlyList<INavigation> path)
        {
            foreach (var foreignKey in type.GetForeignKeys().Where(fk => pointers.Contains(fk) && fk.Properties.Count == 1 && fk.PrincipalKey.Properties.Count == 1))
            {
                result.Add(new PointerRead(path, foreignKey));
            }

            foreach (var navigation in type.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent && path.Count < SubjectGraph.MaxPathLength))
            {
                Walk(navigation.TargetEntityType, [.. path, navigation]);
            }
        }

        Walk(entityType, []);
        return result;
    }

    /// <summary>The distinct keys of the rows the <paramref name="rows"/> point to, per principal entity type.</summary>
    private static async Task<Dictionary<IEntityType, HashSet<object>>> PointedKeysAsync(IQueryable rows, IReadOnlyList<PointerRead> pointers, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<IEntityType, HashSet<object>>();
        foreach (var pointer in pointers)
        {
            var source = rows.Expression;
            var type = rows.ElementType;
            foreach (var navigation in pointer.OwnedPath)
            {
                source = EntityStatements.OwnedRows(source, navigation.TargetEntityType);
                type = navigation.TargetEntityType.ClrType;
            }

            var row = Expression.Parameter(type, "p");
            var value = Expression.Lambda(Expression.Convert(EntityStatements.Property(row, pointer.ForeignKey.Properties[0]), typeof(object)), row);
            var values = rows.Provider.CreateQuery<object?>(Expression.Call(ClosedMethods.Select(type, typeof(object)), source, Expression.Quote(value)));
            var principal = pointer.ForeignKey.PrincipalEntityType;
            var set = keys.TryGetValue(principal, out var known) ? known : keys[principal] = [];
            foreach (var key in await values.ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (key is not null)
                {
                    set.Add(key);
                }
            }
        }

        return keys;
    }

    /// <summary>
    /// Deletes the rows with these keys that nothing refers to any more (the swept rows that pointed to them are gone), and
    /// in turn the rows those pointed to (a chain), in the batch's transaction; a row something still refers to stays as it
    /// is (another customer's order uses the same address). Rows of a type the sweep cannot delete set-based (a
    /// table-per-type hierarchy, a shared table) are left to their own retention and to erasure.
    /// </summary>
    private static async Task<List<(IEntityType Type, int Rows)>> DeleteUnreferencedAsync(DbContext context, SubjectGraph graph, Dictionary<IEntityType, HashSet<object>> pointed, int depth, CancellationToken cancellationToken)
    {
        var deleted = new List<(IEntityType, int)>();
        foreach (var (principal, keys) in pointed)
        {
            if (keys.Count == 0)
            {
                continue;
            }

            // Only types whose rows can be pointed-to data: never a subject's own row (a Person under a Party base type) nor a
            // type without personal data, whatever the foreign key's principal type also covers.
            foreach (var type in principal.GetDerivedTypesInclusive().Where(t => graph.IsPointable(t) && t.GetTableName() is not null && EntityStatements.CanDelete(t) && t.FindPrimaryKey() is { Properties.Count: 1 }))
            {
                var keyType = type.FindPrimaryKey()!.Properties[0].ClrType;
                var array = Array.CreateInstance(keyType, keys.Count);
                var i = 0;
                foreach (var key in keys)
                {
                    array.SetValue(key, i++);
                }

                var row = Expression.Parameter(type.ClrType, "e");
                Expression alone = Expression.Constant(true);
                foreach (var foreignKey in type.GetReferencingForeignKeys().Concat(type.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys())).Where(fk => !fk.IsOwnership && !SubjectGraph.IsTableLink(fk)).Distinct())
                {
                    alone = Expression.AndAlso(alone, Expression.Not(Referenced(context, row, foreignKey)));
                }

                var rows = EntityStatements.Where(EntityStatements.WithKeys(context, type, array, everyTenant: true), Expression.Lambda(alone, row));
                var further = depth < SubjectGraph.MaxPathLength && PointersOf(graph, type) is { Count: > 0 } next
                    ? await PointedKeysAsync(rows, next, cancellationToken).ConfigureAwait(false)
                    : null;
                var count = await EntityStatements.DeleteAsync(rows, cancellationToken).ConfigureAwait(false);
                if (count > 0)
                {
                    deleted.Add((type, count));
                    if (further is not null)
                    {
                        deleted.AddRange(await DeleteUnreferencedAsync(context, graph, further, depth + 1, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }

        return deleted;
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
        var rows = EntityStatements.Where(EntityStatements.ExactType(EntityStatements.All(context, task.EntityType, everyTenant: true), task.EntityType), task.Predicate);
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
        => EntityStatements.Referenced(Others(EntityStatements.Root(context, foreignKey.DeclaringEntityType), foreignKey, row), foreignKey, row);

    /// <summary>
    /// The rows of <paramref name="dependents"/> other than <paramref name="row"/> itself, where the foreign key refers to the
    /// row's own hierarchy: a row's reference to itself (a thread's first note, its own required parent) keeps nothing, so an
    /// expired thread is deleted to its first note. Other foreign keys: <paramref name="dependents"/> as they are.
    /// </summary>
    private static Expression Others(Expression dependents, IForeignKey foreignKey, ParameterExpression row)
    {
        if (foreignKey.DeclaringEntityType.GetRootType() != foreignKey.PrincipalEntityType.GetRootType()
            || foreignKey.DeclaringEntityType.FindPrimaryKey() is not { } key)
        {
            return dependents;
        }

        var type = dependents.Type.GetGenericArguments()[0];
        var other = Expression.Parameter(type, "o");
        Expression? same = null;
        foreach (var property in key.Properties)
        {
            var equal = Expression.Equal(EntityStatements.Property(other, property), EntityStatements.Property(row, property));
            same = same is null ? equal : Expression.AndAlso(same, equal);
        }

        return Expression.Call(ClosedMethods.Where(type), dependents, Expression.Quote(Expression.Lambda(Expression.Not(same!), other)));
    }

    private async Task<int> RunBatchAsync(
        DbContext context,
        RetentionTask task,
        int batchSize,
        DateTimeOffset startedAt,
        Dictionary<(string EntityType, string Task), (string[] Fields, IReadOnlyList<string> Rules, long Rows, int Batches)> followed,
        BatchState state,
        CancellationToken cancellationToken)
    {
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            async ct =>
            {
                context.ChangeTracker.Clear();

                // SQLite: Microsoft.Data.Sqlite begins IMMEDIATE transactions, so one writer at a time.
                await using var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                var postgres = context.Database.ProviderName == PostgresProvider;
                IQueryable Rows() => EntityStatements.ExactType(EntityStatements.All(context, task.EntityType, everyTenant: true), task.EntityType);
                IQueryable? batch = null;
                object? lastKey = null;
                if (RetentionBatches.CanFold(task))
                {
                    // One statement per batch (issue 18, round 4): the rows chosen and deleted by DELETE ... WHERE key IN
                    // (SELECT key ... LIMIT n), on PostgreSQL locking them in the subquery (FOR UPDATE OF ... SKIP LOCKED:
                    // several instances delete different batches, and a row another instance changed meanwhile is checked
                    // against the predicate again before it is locked). Translated once per task and sweep.
                    if (state.Delete is null || state.DeleteSize != batchSize)
                    {
                        state.Delete = RetentionBatches.PrepareDelete(context, EntityStatements.Where(Rows(), task.Predicate), task.EntityType, batchSize, postgres);
                        state.DeleteSize = batchSize;
                    }
                }
                else if (task.Keyset is { } anchor && task.ReadBack.Count == 0)
                {
                    // An anonymised row still matches the anchor's range: the batch continues after the last row of the one
                    // before (anchor, then key), instead of walking the anchor's index from its start past the rows done. A
                    // bound row that is gone (erased meanwhile) bounds nothing: then the batch starts from the beginning.
                    var from = state.LastKey;
                    Array keys;
                    while (true)
                    {
                        var ordered = RetentionBatches.InKeysetOrder(context, EntityStatements.Where(Rows(), task.Predicate), task.EntityType, anchor, from);
                        keys = postgres
                            ? await RetentionBatchLock.LockAsync(context, ordered, task.EntityType, batchSize, ct).ConfigureAwait(false)
                            : await RetentionBatches.FirstKeysAsync(ordered, task.EntityType, batchSize, ct).ConfigureAwait(false);
                        if (keys.Length > 0 || from is null)
                        {
                            break;
                        }

                        from = null;
                    }

                    if (keys.Length == 0)
                    {
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                        return 0;
                    }

                    // The rows are this transaction's (locked on PostgreSQL; SQLite has one writer): by key alone.
                    lastKey = keys.GetValue(keys.Length - 1);
                    batch = EntityStatements.WithKeys(context, task.EntityType, keys, everyTenant: true);
                }
                else if (postgres && RetentionBatchLock.CanSkipLocked(task.EntityType) && task.ReadBack.Count == 0)
                {
                    var rows = Rows();
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
                    batch = EntityStatements.WithKeys(context, task.EntityType, keys, everyTenant: true);
                }
                else
                {
                    var rows = Rows();
                    if (postgres)
                    {
                        // Rows only a read-back recognises as done (or keys SKIP LOCKED cannot carry): instances take turns
                        // per task, a batch chosen and changed under the lock, so no row is handled twice.
                        await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey(task.Name)], ct).ConfigureAwait(false);
                    }

                    batch = EntityStatements.Batch(context, EntityStatements.Where(rows, task.Predicate), task.EntityType, batchSize, everyTenant: true);
                }

                // The rows the batch's rows point to (an order's shipping address), read before they are deleted: those nothing
                // refers to any more go with them, in this transaction (issue 12, round 5).
                var pointed = batch is not null && task.Action == ErasureRowAction.Delete && task.Pointers.Count > 0
                    ? await PointedKeysAsync(batch, task.Pointers, ct).ConfigureAwait(false)
                    : null;
                var affected = batch is null
                    ? await state.Delete!.ExecuteAsync(context, ct).ConfigureAwait(false)
                    : task.Action == ErasureRowAction.Delete
                    ? await EntityStatements.DeleteAsync(batch, ct).ConfigureAwait(false)
                    : await EntityStatements.UpdateAsync(batch, task.Setters, ct).ConfigureAwait(false);
                var alsoDeleted = affected > 0 && pointed is not null
                    ? await DeleteUnreferencedAsync(context, context.GetSubjectGraph(), pointed, 0, ct).ConfigureAwait(false)
                    : [];
                if (affected > 0)
                {
                    var graph = alsoDeleted.Count > 0 ? context.GetSubjectGraph() : null;
                    var audit = new List<PrivacyAuditEntry>
                    {
                        new()
                        {
                            EntityType = task.EntityType.Name,
                            Action = task.Action,
                            Rows = affected,
                            Erased = task.Fields,
                            Rules = task.Rules,
                        },
                    };
                    audit.AddRange(alsoDeleted.GroupBy(d => d.Type).Select(g => new PrivacyAuditEntry
                    {
                        EntityType = g.Key.Name,
                        Action = ErasureRowAction.Delete,
                        Rows = g.Sum(d => d.Rows),
                        Erased = graph!.GetProperties(g.Key).Where(p => p.IsPersonalData && !p.Property.IsKey() && !p.Property.IsForeignKey()).Select(p => p.Property.Name).ToArray(),
                        Rules = task.Rules,
                    }));
                    // One INSERT built once per model, without the change tracker (AuditInsert; SaveChanges when the app takes part in saves).
                    await AuditInsert.WriteAsync(context, new PrivacyAuditRecord
                    {
                        Id = Guid.NewGuid(),
                        Kind = PrivacyAuditRecord.RetentionKind,
                        OccurredAt = startedAt,
                        Policy = policy.Name,
                        Rows = audit.Sum(a => a.Rows),
                        Entries = PrivacyAuditEntry.Write(audit),
                    }, ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                context.ChangeTracker.Clear();
                if (lastKey is not null)
                {
                    state.LastKey = lastKey;
                }

                foreach (var entry in alsoDeleted.GroupBy(d => d.Type).Select(g => (Type: g.Key, Rows: (long)g.Sum(d => d.Rows))))
                {
                    var key = (entry.Type.Name, task.Name);
                    followed[key] = followed.TryGetValue(key, out var known)
                        ? (known.Fields, known.Rules, known.Rows + entry.Rows, known.Batches + 1)
                        : (context.GetSubjectGraph().GetProperties(entry.Type).Where(p => p.IsPersonalData && !p.Property.IsKey() && !p.Property.IsForeignKey()).Select(p => p.Property.Name).ToArray(), task.Rules, entry.Rows, 1);
                }

                return affected;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the batches of one task in one sweep carry from one to the next.</summary>
    private sealed class BatchState
    {
        /// <summary>A deleting task's statement, translated by the first batch (<see cref="RetentionBatches.PrepareDelete"/>).</summary>
        public PreparedStatement? Delete { get; set; }

        public int DeleteSize { get; set; }

        /// <summary>A keyset task's last row done: the key of the last row of the last committed batch.</summary>
        public object? LastKey { get; set; }
    }

    private static long LockKey(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("ncs-privacy-retention:" + name)), 0);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Retention sweep started: {Tasks} tasks")]
    private static partial void LogSweepStarted(ILogger logger, int tasks);

    [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Retention batch on {EntityType}: {Action} {Rows} rows")]
    private static partial void LogBatch(ILogger logger, string entityType, ErasureRowAction action, int rows);

    [LoggerMessage(EventId = 223, Level = LogLevel.Information, Message = "Retention sweep finished: {Deleted} rows deleted, {Anonymised} anonymised, in {Batches} batches")]
    private static partial void LogSweepFinished(ILogger logger, long deleted, long anonymised, int batches);
}
