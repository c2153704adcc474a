using System.Linq.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Counts and orders the drafts of <see cref="ErasureDrafts"/> into a plan. Reads only.</summary>
internal sealed partial class ErasurePlanner(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    PrivacyPolicy policy,
    TimeProvider time,
    ILogger<ErasurePlanner> logger) : IErasurePlanner
{
    public const int MaxRequestIdLength = 200;

    public Task<ErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, CancellationToken cancellationToken = default)
        => PlanAsync(subject, requestId, contextName: null, cancellationToken);

    /// <summary>Plans in one registered context, named by its type's full name (null: the only one that holds the category).</summary>
    internal async Task<ErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, string? contextName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subject.Id);
        ValidateRequestId(requestId);
        await using var scope = scopes.CreateAsyncScope();
        var (context, root) = ResolveRoot(scope.ServiceProvider, registrations, policy, subject.Category, contextName);
        var id = root.ConvertId(subject.Id);
        var now = time.GetUtcNow();
        var plan = new PlanShape(subject.Category!, root.IdText(id), requestId, now, policy.Name, context.GetType().FullName!, DatabaseIdentity(context));

        // Everything planning reads, in one statement (issue 18): the subject's existence, every step's count, the held
        // steps' anchor ranges and what surviving rows refer to. A guard's veto changes which rows stay, so the steps are
        // drafted before the guards run and, after a veto, drafted and read again.
        var unvetoed = ErasureDrafts.Create(context, root, now.UtcDateTime, []);
        var reads = await ReadAsync(context, root, id, unvetoed, now.UtcDateTime, cancellationToken).ConfigureAwait(false);
        if (!(reads?.Exists ?? await root.ExistsAsync(context, id, cancellationToken).ConfigureAwait(false)))
        {
            LogNotFound(logger, root.Category.Id);
            return plan.Build(ErasureOutcome.SubjectNotFound, [], [], []);
        }

        var objections = new List<(ErasureObjection Objection, string Source)>();
        var guardContext = new ErasureGuardContext(root.Category.Id, id, requestId, now);
        foreach (var guard in scope.ServiceProvider.GetServices<IErasureGuard>())
        {
            foreach (var objection in await guard.CheckAsync(guardContext, cancellationToken).ConfigureAwait(false))
            {
                objections.Add((objection, guard.GetType().Name));
            }
        }

        var refusals = objections.Where(o => o.Objection.RefusesRequest)
            .Select(o => new ErasureRefusal { Reason = o.Objection.Reason, Basis = o.Objection.Basis, Until = o.Objection.Until, Source = o.Source })
            .ToArray();
        if (refusals.Length > 0)
        {
            LogRefused(logger, root.Category.Id, refusals.Length);
            return plan.Build(ErasureOutcome.Refused, refusals, [], []);
        }

        var drafts = objections.Count == 0 ? unvetoed : ErasureDrafts.Create(context, root, now.UtcDateTime, objections);
        // A veto changes which rows stay, and with them which rows some steps select (a pointed-to row is erased only
        // when no row that stays refers to it): after a veto every read is made again for the drafts the veto shaped.
        var answered = objections.Count == 0 ? reads : null;
        foreach (var draft in drafts)
        {
            // Built only when the one statement did not answer (a veto): a query is a tree built from the model, per call.
            var query = answered is null ? draft.Query(context, id) : null;
            var read = answered is not null ? draft : null;
            draft.RowCount = read is not null ? answered!.Count(read) : await EntityStatements.CountAsync(query!, cancellationToken).ConfigureAwait(false);
            if (draft.Selection == ErasureRowSelection.LegalHoldInForce && draft.RowCount > 0 && draft.Retention.Count == 0)
            {
                foreach (var (rule, anchor) in draft.Holds)
                {
                    DateTimeOffset? until = null, earliest = null;
                    if (anchor is not null)
                    {
                        var (min, max) = read is not null ? answered!.Range(read, rule) : await EntityStatements.RangeAsync(query!, anchor, cancellationToken).ConfigureAwait(false);
                        until = End(rule, max);
                        earliest = End(rule, min);
                    }

                    draft.Retention.Add(new ErasureRetention
                    {
                        Reason = $"Legal obligation: {rule.LegalObligation} ({rule.Description})",
                        Rule = rule.Id,
                        LegalObligation = rule.LegalObligation,
                        Until = until,
                        EarliestEnd = earliest,
                    });
                }
            }
        }

        // A step's rows may depend on other steps' actions (the rows that rows which stay refer to): once keeping a row
        // changes an action, count again with the final actions, as the executor will, until nothing moves. What was
        // read in the one statement holds only while no veto and no kept step changed which rows stay.
        while (await KeepWhatSurvivingRowsReferToAsync(context, id, drafts, answered, cancellationToken).ConfigureAwait(false))
        {
            answered = null;
            var recounted = false;
            foreach (var draft in drafts)
            {
                var count = await EntityStatements.CountAsync(draft.Query(context, id), cancellationToken).ConfigureAwait(false);
                if (count != draft.RowCount)
                {
                    draft.RowCount = count;
                    recounted = true;
                }
            }

            if (!recounted)
            {
                break;
            }
        }

        var ordered = Order(drafts);
        var shapes = ordered.Select(o => (o.Action, o.RowCount, o.Entity.EntityType)).ToArray();
        var steps = ordered.Select((d, i) => ToStep(d, i + 1, Unlinks(shapes, i))).ToArray();
        var recipients = ordered
            .SelectMany(d => d.Fields.Where(f => f.Action != ErasureFieldAction.Retain && d.RowCount > 0))
            .SelectMany(f => f.Property.Uses)
            .SelectMany(u => u.Recipients)
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new ErasureRecipient { Id = r.Id, Kind = r.Kind.ToString(), Description = r.Description, Country = r.Country })
            .ToArray();
        var result = plan.Build(ErasureOutcome.Erase, [], steps, recipients);
        LogPlanned(logger, root.Category.Id, steps.Length, result.RowsDeleted, result.RowsAnonymised, result.RowsRetained);
        return result;
    }

    internal static void ValidateRequestId(string requestId)
    {
        if (string.IsNullOrWhiteSpace(requestId))
        {
            throw new ArgumentException("An erasure needs a request id (a ticket or case number, never a personal value): it ties the audit record to the request.", nameof(requestId));
        }

        if (requestId.Length > MaxRequestIdLength)
        {
            throw new ArgumentException($"The request id is {requestId.Length} characters long; at most {MaxRequestIdLength} fit the audit trail.", nameof(requestId));
        }
    }

    internal static (DbContext Context, SubjectRoot Root) ResolveRoot(IServiceProvider services, IEnumerable<PrivacyDbContextRegistration> registrations, PrivacyPolicy policy, string? category, string? contextName = null)
    {
        if (category is null || !policy.SubjectCategories.ContainsKey(category))
        {
            throw new ArgumentException(
                $"Data-subject category '{category}' is not declared by the policy (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}).",
                nameof(category));
        }

        var found = new List<(DbContext, SubjectRoot)>();
        // A plan names its context; one that names no registered context is judged by the caller (the executor says which).
        var named = contextName is not null && registrations.Any(r => r.ContextType.FullName == contextName) ? contextName : null;
        foreach (var registration in registrations.DistinctBy(r => r.ContextType).Where(r => named is null || r.ContextType.FullName == named))
        {
            var context = (DbContext)services.GetRequiredService(registration.ContextType);
            if (context.GetSubjectGraph().FindRoot(category) is { } root)
            {
                found.Add((context, root));
            }
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException(
                $"No registered DbContext has an entity marked [DataSubject(\"{category}\")]: register the context that holds it with AddEntityFrameworkCore<TContext>().",
                nameof(category)),
            _ => throw new NotSupportedException(
                $"Several registered DbContexts hold '{category}' subjects ({string.Join(", ", found.Select(f => f.Item1.GetType().Name))}); one erasure plan runs in one transaction of one context. Use IErasureCoordinator, which plans every context and runs each in its own transaction (docs/distributed.md)."),
        };
    }

    /// <summary>
    /// A row that stays keeps the rows it refers to: when a step would delete rows that surviving rows refer to (rows this
    /// plan retains or anonymises, another subject's rows, rows no subject owns), it anonymises them instead, so that
    /// foreign keys stay valid and a later export still finds what was retained. Decided per step and foreign key with
    /// one query each, never per row.
    /// </summary>
    /// <remarks>
    /// <paramref name="reads"/>, when given, holds the answers read with the counts, before any step was kept: they are
    /// used until the first step is kept, then each answer is read again, as the rows that survive have changed.
    /// </remarks>
    private static async Task<bool> KeepWhatSurvivingRowsReferToAsync(DbContext context, object id, List<StepDraft> drafts, PlanningReads? reads, CancellationToken cancellationToken)
    {
        var any = false;
        bool changed;
        do
        {
            changed = false;
            foreach (var draft in drafts.Where(d => d.Action == ErasureRowAction.Delete && d.RowCount > 0))
            {
                foreach (var foreignKey in PlanningReads.ReferencingForeignKeys(draft.Entity.EntityType))
                {
                    if (ErasureDrafts.NeverReferencedBySurvivors(drafts, draft, foreignKey))
                    {
                        continue;
                    }

                    // The answers read with the counts hold until the first step is kept.
                    var known = any ? null : reads?.Referenced(draft, foreignKey);
                    if (known ?? await EntityStatements.CountAsync(EntityStatements.Where(draft.Query(context, id), Referenced(context, id, drafts, draft, foreignKey)), cancellationToken).ConfigureAwait(false) > 0)
                    {
                        draft.KeepRows(PlanNotes.Of("KeptBecauseReferenced", ExportNames.Entity(foreignKey.DeclaringEntityType)));
                        changed = true;
                        any = true;
                        break;
                    }
                }
            }
        }
        while (changed);
        return any;
    }

    /// <summary><c>p =&gt; survivors.Any(d =&gt; d.FK == p.Key)</c>: a row of the deleting step is referred to by a row this plan leaves.</summary>
    private static LambdaExpression Referenced(DbContext context, object id, List<StepDraft> drafts, StepDraft draft, IForeignKey foreignKey)
    {
        var row = Expression.Parameter(draft.Entity.EntityType.ClrType, "p");
        return Expression.Lambda(EntityStatements.Referenced(Survivors(context, id, drafts, foreignKey.DeclaringEntityType), foreignKey, row), row);
    }

    /// <summary>
    /// The planner's reads in one statement, or null when EF Core cannot translate them as one (a mapping whose subquery
    /// cannot be a scalar subquery): then each is read on its own, as before.
    /// </summary>
    private async Task<PlanningReads?> ReadAsync(DbContext context, SubjectRoot root, object id, List<StepDraft> drafts, DateTime now, CancellationToken cancellationToken)
    {
        if (root.Find(root.EntityType) is null)
        {
            return null; // a context that refers to the subject by value (issue 17) has no subject row to read from
        }

        try
        {
            // Built once per model and shape of the drafts, then run compiled with this call's values (StatementCache).
            var key = ($"{root.Category.Id}|{StatementCache.Settings(context)}|{StatementCache.Expiries(policy, now)}|{StatementCache.Shape(drafts)}", "plan");
            return await PlanningReads.ReadAsync(context, root, id, drafts, (draft, foreignKey) => Referenced(context, id, drafts, draft, foreignKey), new CallInputs(id, now, Guid.Empty), key, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            LogSeparateReads(logger, root.Category.Id, exception);
            return null;
        }
    }

    /// <summary>The rows of an entity type that this plan does not delete.</summary>
    private static Expression Survivors(DbContext context, object id, List<StepDraft> drafts, IEntityType entityType)
    {
        if (entityType.IsOwned() && entityType.FindOwnership() is { } ownership)
        {
            return EntityStatements.OwnedRows(Survivors(context, id, drafts, ownership.PrincipalEntityType), entityType); // an owned row stays with its owner
        }

        var row = Expression.Parameter(entityType.ClrType, "d");
        var key = entityType.FindPrimaryKey()!.Properties;
        Expression? survives = null;
        foreach (var deleting in drafts.Where(d => d.Action == ErasureRowAction.Delete && entityType.IsAssignableFrom(d.Entity.EntityType)))
        {
            var query = deleting.Query(context, id).Expression;
            var other = Expression.Parameter(deleting.Entity.EntityType.ClrType, "x");
            Expression? same = null;
            foreach (var property in key)
            {
                var equal = Expression.Equal(EntityStatements.Property(other, property), EntityStatements.Property(row, property));
                same = same is null ? equal : Expression.AndAlso(same, equal);
            }

            var any = ClosedMethods.AnyWithPredicate(other.Type);
            var deleted = Expression.Call(any, query, Expression.Quote(Expression.Lambda(same!, other)));
            survives = survives is null ? Expression.Not(deleted) : Expression.AndAlso(survives, Expression.Not(deleted));
        }

        var root = EntityStatements.Root(context, entityType);
        if (survives is null)
        {
            return root;
        }

        var where = ClosedMethods.Where(entityType.ClrType);
        return Expression.Call(where, root, Expression.Quote(Expression.Lambda(survives, row)));
    }

    /// <summary>Dependents before principals (Kahn's algorithm over the model's foreign keys); cycles fall back to depth.</summary>
    internal static List<StepDraft> Order(List<StepDraft> drafts)
    {
        var types = drafts.Select(d => d.Entity.EntityType).Distinct().ToList();
        var dependents = types.ToDictionary(
            t => t,
            t => t.GetReferencingForeignKeys().Where(fk => !fk.IsOwnership).Select(fk => RowOwner(fk.DeclaringEntityType)).Where(d => d != t && types.Contains(d)).ToHashSet());
        var ordered = new List<IEntityType>();
        var remaining = types.OrderByDescending(t => drafts.First(d => d.Entity.EntityType == t).Entity.Depth).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(t => dependents[t].All(ordered.Contains)) ?? remaining[0];
            ordered.Add(next);
            remaining.Remove(next);
        }

        // Rows reached through link rows are found through those links, so they run first; they are never deleted.
        var all = ordered.SelectMany(t => drafts.Where(d => d.Entity.EntityType == t)).ToList();
        return all.Where(d => d.ThroughLinks).Concat(all.Where(d => !d.ThroughLinks)).ToList();
    }

    /// <summary>The type whose rows hold an owned type's columns or rows (a reference on an owned profile is the customer's row's).</summary>
    private static IEntityType RowOwner(IEntityType entityType)
        => entityType.IsOwned() && entityType.FindOwnership() is { } ownership ? RowOwner(ownership.PrincipalEntityType) : entityType;

    private static DateTimeOffset? End(RetentionRule rule, DateTime? anchor)
        => anchor is { } value && rule.ExpiresAt(DateTime.SpecifyKind(value, DateTimeKind.Utc)) is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null;

    /// <summary>
    /// The optional foreign keys of the delete step at <paramref name="index"/> that refer to rows an earlier delete step
    /// removes, or rows of the step itself, and its required references to rows of its own type (<see cref="PointsToItsOwnType"/>): a cycle among the subject's rows (a customer's default address refers to one of
    /// her addresses, which refer to her), or rows of one step that refer to each other (a reply to the subject's own
    /// comment; SQLite checks an <c>ON DELETE RESTRICT</c> key row by row, within the one DELETE). They are set to NULL
    /// before any row is deleted, in the same transaction. One rule for the plan, which shows them, and the executor, which
    /// runs exactly them.
    /// </summary>
    internal static IReadOnlyList<IForeignKey> Unlinks(IReadOnlyList<(ErasureRowAction Action, long RowCount, IEntityType EntityType)> steps, int index)
    {
        var (action, rows, entityType) = steps[index];
        if (action != ErasureRowAction.Delete || rows == 0)
        {
            return [];
        }

        // The row's own references and those of the owned types in its row (OwnsOne without a table of its own: a customer's
        // Prefs.FavouriteOrderId is a column of the customer's row, and a cycle through it is broken the same way); a required
        // reference to a row of its own type is pointed at the row itself (PointsToItsOwnType).
        return entityType.GetForeignKeys().Concat(InRowOwned(entityType).SelectMany(o => o.Owned.GetForeignKeys()))
            .Where(fk => !fk.IsOwnership && ((!fk.IsRequired && fk.Properties.All(p => p.IsNullable)) || PointsToItsOwnType(fk, entityType)))
            .Where(fk => steps.Take(index + 1).Any(s => s.Action == ErasureRowAction.Delete && s.RowCount > 0 && fk.PrincipalEntityType.IsAssignableFrom(s.EntityType)))
            .ToArray();
    }

    /// <summary>
    /// Whether <paramref name="foreignKey"/> is a required reference of <paramref name="entityType"/>'s rows to rows of their
    /// own type (a note's required ParentId, a thread's first note its own parent): it cannot be set to NULL, so the executor
    /// points it at the row itself, which every row of the step can be (a row's reference to itself does not stop its own
    /// delete, on SQLite's row-by-row RESTRICT check either). Then no row of the step refers to another, and one DELETE
    /// removes them all whatever order the database takes them in.
    /// </summary>
    internal static bool PointsToItsOwnType(IForeignKey foreignKey, IEntityType entityType)
        => (foreignKey.IsRequired || foreignKey.Properties.Any(p => !p.IsNullable))
           && foreignKey.PrincipalEntityType.IsAssignableFrom(entityType)
           && foreignKey.Properties.Zip(foreignKey.PrincipalKey.Properties).All(p => (Nullable.GetUnderlyingType(p.First.ClrType) ?? p.First.ClrType) == (Nullable.GetUnderlyingType(p.Second.ClrType) ?? p.Second.ClrType));

    /// <summary>
    /// The owned types stored in the row of <paramref name="entityType"/> (OwnsOne, not mapped to JSON nor to a table of their
    /// own), at any depth, each with the ownership navigations from the row to it.
    /// </summary>
    internal static IEnumerable<(IEntityType Owned, IReadOnlyList<INavigation> Path)> InRowOwned(IEntityType entityType)
    {
        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent && !FieldPath.IsSeparate(n) && !n.TargetEntityType.IsMappedToJson()))
        {
            yield return (navigation.TargetEntityType, [navigation]);
            foreach (var (owned, path) in InRowOwned(navigation.TargetEntityType))
            {
                yield return (owned, [navigation, .. path]);
            }
        }
    }

    /// <summary>How a plan names an unlinked foreign key: its properties, comma-separated.</summary>
    internal static string UnlinkName(IForeignKey foreignKey) => string.Join(",", foreignKey.Properties.Select(p => p.Name));

    private static ErasureStep ToStep(StepDraft draft, int order, IReadOnlyList<IForeignKey> unlinks)
    {
        IReadOnlyList<ErasureNote> notes = unlinks.Count == 0
            ? [.. draft.Notes]
            : [.. draft.Notes, PlanNotes.Of("Unlinked", string.Join(" and ", unlinks.Select(fk => $"{draft.Entity.EntityType.DisplayName()}.{UnlinkName(fk)}")))];
        return new()
        {
            Order = order,
            EntityType = draft.Entity.EntityType.Name,
            Entity = draft.Entity.EntityType.DisplayName(),
            DisplayName = ExportNames.Entity(draft.Entity.EntityType),
            Table = draft.Entity.EntityType.GetTableName(),
            Share = draft.Share.Navigation,
            PointedTo = draft.Share.IsPointedTo,
            Rows = draft.Selection,
            Action = draft.Action,
            RowCount = draft.RowCount,
            Fields = draft.Fields.Select(f => new ErasureField
            {
                Name = f.Field.Name,
                DisplayName = f.Field.DisplayName,
                Action = f.Action,
                Strategy = f.Strategy,
                Purposes = f.Property.Uses.Select(u => u.Purpose.Id).ToArray(),
            }).ToArray(),
            Retention = draft.Retention.ToArray(),
            Recipients = draft.Fields.Where(f => f.Action != ErasureFieldAction.Retain)
                .SelectMany(f => f.Property.Uses).SelectMany(u => u.Recipients).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToArray(),
            Note = PlanNotes.English(notes),
            Notes = notes,
            Unlinked = unlinks.Select(UnlinkName).ToArray(),
        };
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Erasure plan for a '{Category}' subject: {Steps} steps, {Deleted} rows to delete, {Anonymised} to anonymise, {Retained} retained")]
    private static partial void LogPlanned(ILogger logger, string category, int steps, long deleted, long anonymised, long retained);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "Erasure planning for a '{Category}' subject reads with one statement per step: EF Core could not translate the reads as one statement")]
    private static partial void LogSeparateReads(ILogger logger, string category, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Erasure requested for a '{Category}' subject that does not exist; nothing will be written")]
    private static partial void LogNotFound(ILogger logger, string category);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Erasure of a '{Category}' subject refused by {Count} guard objection(s)")]
    private static partial void LogRefused(ILogger logger, string category, int count);

    /// <summary>
    /// Which database a plan was made against: a hash of the provider, data source and database name (hashed so that a
    /// plan handed around for review does not carry server names). A restored copy in the same place keeps its identity.
    /// </summary>
    internal static string DatabaseIdentity(DbContext context)
    {
        var connection = context.Database.GetDbConnection();
        var key = (context.Database.ProviderName, connection.DataSource, connection.Database);
        if (Identities.TryGetValue(key, out var known))
        {
            return known;
        }

        var text = $"{key.ProviderName}|{key.DataSource}|{key.Database}";
        var identity = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
        if (Identities.Count < 256)
        {
            Identities.TryAdd(key, identity); // an application has a few databases; past that, hashed per call as before
        }

        return identity;
    }

    /// <summary><see cref="DatabaseIdentity"/> per provider, data source and database: hashed once, not per plan and execution.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string? ProviderName, string DataSource, string Database), string> Identities = new();

    private sealed record PlanShape(string Category, string SubjectId, string RequestId, DateTimeOffset Now, string Policy, string Context, string Database)
    {
        public ErasurePlan Build(ErasureOutcome outcome, IReadOnlyList<ErasureRefusal> refusals, IReadOnlyList<ErasureStep> steps, IReadOnlyList<ErasureRecipient> recipients) => new()
        {
            PlanId = Guid.NewGuid(),
            RequestId = RequestId,
            SubjectCategory = Category,
            SubjectId = SubjectId,
            PlannedAt = Now,
            Policy = Policy,
            Context = Context,
            Database = Database,
            Outcome = outcome,
            Refusals = refusals,
            Steps = steps,
            Recipients = recipients,
        };
    }
}
