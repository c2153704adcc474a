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

    public async Task<ErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subject.Id);
        ValidateRequestId(requestId);
        await using var scope = scopes.CreateAsyncScope();
        var (context, root) = ResolveRoot(scope.ServiceProvider, registrations, policy, subject.Category);
        var id = root.ConvertId(subject.Id);
        var now = time.GetUtcNow();
        var plan = new PlanShape(subject.Category!, root.IdText(id), requestId, now, policy.Name, context.GetType().FullName!, DatabaseIdentity(context));

        if (!await root.ExistsAsync(context, id, cancellationToken).ConfigureAwait(false))
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

        var drafts = ErasureDrafts.Create(context, root, now.UtcDateTime, objections);
        foreach (var draft in drafts)
        {
            var query = draft.Query(context, id);
            draft.RowCount = await EntityStatements.CountAsync(query, cancellationToken).ConfigureAwait(false);
            if (draft.Selection == ErasureRowSelection.LegalHoldInForce && draft.RowCount > 0 && draft.Retention.Count == 0)
            {
                foreach (var (rule, anchor) in draft.Holds)
                {
                    DateTimeOffset? until = null, earliest = null;
                    if (anchor is not null)
                    {
                        var (min, max) = await EntityStatements.RangeAsync(query, anchor, cancellationToken).ConfigureAwait(false);
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
        // changes an action, count again with the final actions, as the executor will, until nothing moves.
        bool recounted;
        do
        {
            await KeepWhatSurvivingRowsReferToAsync(context, id, drafts, cancellationToken).ConfigureAwait(false);
            recounted = false;
            foreach (var draft in drafts)
            {
                var count = await EntityStatements.CountAsync(draft.Query(context, id), cancellationToken).ConfigureAwait(false);
                if (count != draft.RowCount)
                {
                    draft.RowCount = count;
                    recounted = true;
                }
            }
        }
        while (recounted);

        var ordered = Order(drafts);
        var steps = ordered.Select((d, i) => ToStep(d, i + 1)).ToArray();
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

    internal static (DbContext Context, SubjectRoot Root) ResolveRoot(IServiceProvider services, IEnumerable<PrivacyDbContextRegistration> registrations, PrivacyPolicy policy, string? category)
    {
        if (category is null || !policy.SubjectCategories.ContainsKey(category))
        {
            throw new ArgumentException(
                $"Data-subject category '{category}' is not declared by the policy (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}).",
                nameof(category));
        }

        var found = new List<(DbContext, SubjectRoot)>();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
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
                $"Several registered DbContexts hold '{category}' subjects ({string.Join(", ", found.Select(f => f.Item1.GetType().Name))}); one erasure runs in one transaction of one context."),
        };
    }

    /// <summary>
    /// A row that stays keeps the rows it refers to: when a step would delete rows that surviving rows refer to (rows this
    /// plan retains or anonymises, another subject's rows, rows no subject owns), it anonymises them instead, so that
    /// foreign keys stay valid and a later export still finds what was retained. Decided per step and foreign key with
    /// one query each, never per row.
    /// </summary>
    private static async Task KeepWhatSurvivingRowsReferToAsync(DbContext context, object id, List<StepDraft> drafts, CancellationToken cancellationToken)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var draft in drafts.Where(d => d.Action == ErasureRowAction.Delete && d.RowCount > 0))
            {
                var principal = draft.Entity.EntityType;
                var foreignKeys = principal.GetReferencingForeignKeys()
                    .Concat(principal.GetDerivedTypes().SelectMany(t => t.GetDeclaredReferencingForeignKeys()))
                    .Where(fk => !fk.IsOwnership)
                    .Distinct()
                    .ToArray();
                foreach (var foreignKey in foreignKeys)
                {
                    var row = Expression.Parameter(principal.ClrType, "p");
                    var referenced = Expression.Lambda(EntityStatements.Referenced(Survivors(context, id, drafts, foreignKey.DeclaringEntityType), foreignKey, row), row);
                    if (await EntityStatements.CountAsync(EntityStatements.Where(draft.Query(context, id), referenced), cancellationToken).ConfigureAwait(false) > 0)
                    {
                        draft.KeepRows($"kept because {foreignKey.DeclaringEntityType.DisplayName()} rows that stay refer to it");
                        changed = true;
                        break;
                    }
                }
            }
        }
        while (changed);
    }

    /// <summary>The rows of an entity type that this plan does not delete.</summary>
    private static Expression Survivors(DbContext context, object id, List<StepDraft> drafts, IEntityType entityType)
    {
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

            var any = typeof(Queryable).GetMethods().Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2).MakeGenericMethod(other.Type);
            var deleted = Expression.Call(any, query, Expression.Quote(Expression.Lambda(same!, other)));
            survives = survives is null ? Expression.Not(deleted) : Expression.AndAlso(survives, Expression.Not(deleted));
        }

        var root = EntityStatements.Root(context, entityType);
        if (survives is null)
        {
            return root;
        }

        var where = typeof(Queryable).GetMethods()
            .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2)
            .MakeGenericMethod(entityType.ClrType);
        return Expression.Call(where, root, Expression.Quote(Expression.Lambda(survives, row)));
    }

    /// <summary>Dependents before principals (Kahn's algorithm over the model's foreign keys); cycles fall back to depth.</summary>
    internal static List<StepDraft> Order(List<StepDraft> drafts)
    {
        var types = drafts.Select(d => d.Entity.EntityType).Distinct().ToList();
        var dependents = types.ToDictionary(
            t => t,
            t => t.GetReferencingForeignKeys().Where(fk => !fk.IsOwnership).Select(fk => fk.DeclaringEntityType).Where(d => d != t && types.Contains(d)).ToHashSet());
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

    private static DateTimeOffset? End(RetentionRule rule, DateTime? anchor)
        => anchor is { } value && rule.ExpiresAt(DateTime.SpecifyKind(value, DateTimeKind.Utc)) is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null;

    private static ErasureStep ToStep(StepDraft draft, int order) => new()
    {
        Order = order,
        EntityType = draft.Entity.EntityType.Name,
        Entity = draft.Entity.EntityType.DisplayName(),
        Table = draft.Entity.EntityType.GetTableName(),
        Share = draft.Share.Navigation,
        Rows = draft.Selection,
        Action = draft.Action,
        RowCount = draft.RowCount,
        Fields = draft.Fields.Select(f => new ErasureField
        {
            Name = f.Field.Name,
            Action = f.Action,
            Strategy = f.Strategy,
            Purposes = f.Property.Uses.Select(u => u.Purpose.Id).ToArray(),
        }).ToArray(),
        Retention = draft.Retention.ToArray(),
        Recipients = draft.Fields.Where(f => f.Action != ErasureFieldAction.Retain)
            .SelectMany(f => f.Property.Uses).SelectMany(u => u.Recipients).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToArray(),
        Note = draft.Note,
    };

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Erasure plan for a '{Category}' subject: {Steps} steps, {Deleted} rows to delete, {Anonymised} to anonymise, {Retained} retained")]
    private static partial void LogPlanned(ILogger logger, string category, int steps, long deleted, long anonymised, long retained);

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
        var text = $"{context.Database.ProviderName}|{connection.DataSource}|{connection.Database}";
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }

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
