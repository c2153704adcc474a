using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Applies erasure plans in one transaction with one set-based statement per step, and writes the audit record in it.</summary>
internal sealed partial class ErasureExecutor(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    IErasurePlanner planner,
    PrivacyPolicy policy,
    TimeProvider time,
    IOptions<ErasureOptions> options,
    ILogger<ErasureExecutor> logger) : IErasureExecutor
{
    public async Task<ErasureResult> ExecuteAsync(ErasurePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Format != ErasurePlan.CurrentFormat)
        {
            throw new InvalidOperationException($"The plan's format is '{plan.Format}'; this executor runs '{ErasurePlan.CurrentFormat}'.");
        }

        switch (plan.Outcome)
        {
            case ErasureOutcome.Refused:
                await RecordRefusalAsync(plan, cancellationToken).ConfigureAwait(false);
                throw new ErasureRefusedException(plan.Refusals);
            case ErasureOutcome.SubjectNotFound:
                return new ErasureResult(plan.PlanId, plan.RequestId, ErasureStatus.SubjectNotFound, 0, 0, 0);
        }

        ErasurePlanner.ValidateRequestId(plan.RequestId);
        if (plan.Policy != policy.Name)
        {
            throw new InvalidOperationException($"The plan was made under policy '{plan.Policy}', but the application runs '{policy.Name}': make a new plan.");
        }

        var key = AuditKey(options.Value);
        await using var scope = scopes.CreateAsyncScope();
        var (context, root) = ErasurePlanner.ResolveRoot(scope.ServiceProvider, registrations, policy, plan.SubjectCategory, plan.Context);
        if (context.GetType().FullName != plan.Context)
        {
            throw new InvalidOperationException($"The plan is for {plan.Context}, but '{plan.SubjectCategory}' subjects live in {context.GetType().FullName}.");
        }

        if (plan.Database != ErasurePlanner.DatabaseIdentity(context))
        {
            throw new InvalidOperationException(plan.Database is null
                ? "The plan names no database: it was not made by this library's planner, or was edited. Make a new plan."
                : "The plan was made against another database than the one this context uses: an erasure runs only in the database it was planned and reviewed in. Make a new plan here.");
        }

        RequireAudit(context);
        var id = root.ConvertId(plan.SubjectId);
        var work = Prepare(context, plan, root);
        var hash = PrivacyAuditRecord.Hash(key, plan.SubjectCategory, Convert.ToString(id, CultureInfo.InvariantCulture)!);
        var stopwatch = Stopwatch.StartNew();

        var strategy = context.Database.CreateExecutionStrategy();
        ErasureResult result;
        try
        {
            // A random value can equal one already in a unique column (a random int among 2^31): the transaction rolled back,
            // and the same plan run again draws new values. A few tries make that failure negligible.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    result = await RunAsync(strategy, context, root, plan, work, id, hash, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (RandomValueCollisionException) when (attempt < 3)
                {
                    context.ChangeTracker.Clear();
                }
            }
        }
        catch (ForeignKeyRefusalException refusal)
        {
            // Rolled back. A new plan of the same subject tells whether rows were added since planning (it differs: the plan
            // is stale) or not (the same plan would be refused again: a reference erasure does not clear, never "stale").
            context.ChangeTracker.Clear();
            if (await context.Set<PrivacyAuditRecord>().AsNoTracking().AnyAsync(a => a.PlanId == plan.PlanId, cancellationToken).ConfigureAwait(false))
            {
                return new ErasureResult(plan.PlanId, plan.RequestId, ErasureStatus.AlreadyApplied, 0, 0, 0); // applied meanwhile by another executor
            }

            var step = refusal.Step;
            var fresh = await planner.PlanAsync(new DataSubjectReference(plan.SubjectCategory, id), plan.RequestId, cancellationToken).ConfigureAwait(false);
            static string Shape(ErasurePlan p) => string.Join("|", p.Steps.Select(s => $"{s.EntityType}/{s.Share}/{s.Rows}/{s.PointedTo}/{s.Action}/{s.RowCount}/{string.Join(",", s.Unlinked ?? [])}"));
            if (Shape(fresh) != Shape(plan))
            {
                throw new ErasurePlanStaleException(
                    $"Step {step.Order} ({step.Action} {step.EntityType}) was refused by a foreign key: rows that refer to these rows were added since planning. Nothing was written; make a new plan. ({refusal.InnerException!.Message})", refusal.InnerException);
            }

            throw new InvalidOperationException(
                $"Step {step.Order} ({step.Action} {step.EntityType}) was refused by a foreign key, and no rows were added since planning: a new plan is the same and would be refused again. "
                + $"Something refers to {step.EntityType} rows through a reference erasure does not clear first: a foreign key the EF Core model does not know (map it), or a reference from a row that stays or that a later step deletes (make it optional so that erasure clears it, or delete with the referring rows, OnDelete(Cascade)). Nothing was written. ({refusal.InnerException!.Message})", refusal.InnerException);
        }
        catch (Exception e) when (e is ErasurePlanStaleException or DbUpdateException)
        {
            // Another executor may have applied this very plan meanwhile (its rows are gone, or its audit record took the
            // plan's unique id first): that is not staleness but a completed erasure.
            context.ChangeTracker.Clear();
            if (await context.Set<PrivacyAuditRecord>().AsNoTracking().AnyAsync(a => a.PlanId == plan.PlanId, cancellationToken).ConfigureAwait(false))
            {
                result = new ErasureResult(plan.PlanId, plan.RequestId, ErasureStatus.AlreadyApplied, 0, 0, 0);
            }
            else
            {
                throw;
            }
        }

        context.ChangeTracker.Clear();
        LogExecuted(logger, plan.SubjectCategory, result.Status, result.RowsDeleted, result.RowsAnonymised, result.Statements, stopwatch.ElapsedMilliseconds);
        return result;
    }

    private Task<ErasureResult> RunAsync(
        IExecutionStrategy strategy,
        DbContext context,
        SubjectRoot root,
        ErasurePlan plan,
        List<(ErasureStep Step, StepDraft Draft, IReadOnlyList<PropertySetter> Setters)> work,
        object id,
        string hash,
        CancellationToken cancellationToken)
        => strategy.ExecuteAsync(
            async ct =>
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                // Before anything changes (issue 18): was this plan applied before, and do the steps the plan counted at zero
                // still select nothing? Those steps then send no statement. Both questions are asked by the first statement
                // whose rows are counted, as a condition of it (NOT EXISTS the plan's audit record, NOT EXISTS a row of a
                // zero step): it then changes no row, its count differs from the plan's, and only then is the read below
                // made, to say which (docs/decisions.md, "An erasure's statements"). The erasure sends the hand-written
                // number of statements. A plan with no such statement (only steps without rows, or owned rows elsewhere)
                // asks in one read before the writes; without the subject's row to read from, the audit trail is asked
                // on its own and every step sends its statement, as it always did.
                var zeroSteps = work.Where(w => w.Step.RowCount == 0 && w.Step.Action != ErasureRowAction.Retain && !w.Draft.Entity.EntityType.IsAbstract())
                    .Select(w => w.Draft).ToArray();
                ExecutionReads? reads = null;
                var guard = false;
                // References cleared before the deletes (a foreign-key cycle) change rows before the first counted statement:
                // then the read comes first, before anything changes, as before.
                if (!work.Any(w => w.Step.Unlinked is { Count: > 0 }) && work.Any(w => w.Step.RowCount > 0 && !w.Draft.Entity.EntityType.IsAbstract()
                        && (w.Step.Action == ErasureRowAction.Delete
                            || (w.Step.Action == ErasureRowAction.Anonymise && EntityStatements.ByTable(w.Draft.Entity.EntityType, w.Setters).Any(g => g is not [{ Field.Separate: not null }, ..])))))
                {
                    guard = true; // built into the first counted statement (Unchanged)
                }
                else
                {
                    reads = await ExecutionReads.ReadAsync(context, root, id, plan.PlanId, zeroSteps, ct).ConfigureAwait(false);
                    if (reads?.Applied ?? await context.Set<PrivacyAuditRecord>().AnyAsync(a => a.PlanId == plan.PlanId, ct).ConfigureAwait(false))
                    {
                        return new ErasureResult(plan.PlanId, plan.RequestId, ErasureStatus.AlreadyApplied, 0, 0, 0);
                    }
                }

                var zeroAsked = reads is not null || guard; // the steps counted at zero send no statement
                if (reads is not null)
                {
                    foreach (var (step, draft, _) in work)
                    {
                        if (reads.Counts.TryGetValue(draft, out var now) && now != 0)
                        {
                            throw new ErasurePlanStaleException(
                                $"Step {step.Order} ({step.Action} {step.EntityType}, {step.Rows}) selects {now} rows, but the plan counted none: the data changed since planning. Nothing was written; make a new plan.");
                        }
                    }
                }

                long deleted = 0, anonymised = 0;
                var statements = 0;
                foreach (var (step, draft, _) in work.Where(w => w.Draft.FoundFirst && w.Step.Action != ErasureRowAction.Retain && w.Step.RowCount > 0))
                {
                    // Rows the subject's row points to: found now, while that row still leads to them (see StepDraft.FoundFirst).
                    draft.Keys = null;
                    draft.Keys = await EntityStatements.KeysAsync(draft.Query(context, id), draft.Entity.EntityType, ct).ConfigureAwait(false);
                    statements++;
                }

                statements += await UnlinkCyclesAsync(context, work, id, ct).ConfigureAwait(false);
                var entries = new List<PrivacyAuditEntry>();

                // Each statement is built once per model and shape of the plan and run compiled with this call's values
                // (StatementCache, issue 18): its key names what its tree depends on besides them.
                var inputs = new CallInputs(id, plan.PlannedAt.UtcDateTime, plan.PlanId);
                var shape = $"{root.Category.Id}|{StatementCache.Settings(context)}|{StatementCache.Expiries(policy, plan.PlannedAt.UtcDateTime)}|{StatementCache.Shape(work.Select(w => w.Draft))}";
                var stepIndex = -1;
                foreach (var (step, draft, setters) in work)
                {
                    stepIndex++;
                    var affected = 0;
                    if (step.Action != ErasureRowAction.Retain && !(step.RowCount == 0 && (draft.Entity.EntityType.IsAbstract() || zeroAsked)))
                    {
                        // An abstract type has no rows of its own (TPC): its step sends no statement; nor does a step counted at
                        // zero once the read above found it still selects nothing.
                        // One statement per step, or per table for a table-per-type row whose fields are in two tables.
                        var statementsOfStep = step.Action == ErasureRowAction.Delete
                            ? [null]
                            : EntityStatements.ByTable(draft.Entity.EntityType, setters).Select(g => (IReadOnlyList<PropertySetter>?)g).ToArray();
                        for (var groupIndex = 0; groupIndex < statementsOfStep.Length; groupIndex++)
                        {
                            var group = statementsOfStep[groupIndex];
                            var ownedRows = group is [{ Field.Separate: not null }, ..];
                            var guarded = guard && !ownedRows && step.RowCount > 0;
                            if (guarded)
                            {
                                guard = false;
                            }

                            var key = (shape, $"step|{stepIndex}.{groupIndex}|{(guarded ? "unchanged:" + string.Join(",", zeroSteps.Select(z => z.Key)) : "-")}|{(group is null ? "delete" : string.Join(",", group.Select(g => g.Field.Name)))}");
                            StatementCache.Built<int> Build()
                            {
                                var query = draft.Query(context, id);
                                if (guarded)
                                {
                                    query = EntityStatements.Where(query, Expression.Lambda(Unchanged(context, id, plan.PlanId, zeroSteps), Expression.Parameter(query.ElementType, "g")));
                                }

                                return new(
                                    EntityStatements.Terminal(query, group),
                                    token => group is null ? EntityStatements.DeleteAsync(query, token) : EntityStatements.UpdateAsync(query, group, token),
                                    null);
                            }

                            var before = affected;
                            try
                            {
                                affected = (await StatementCache.RunAsync(context, key, inputs, Build, ct).ConfigureAwait(false)).Result;
                            }
                            catch (DbException e) when (IsForeignKeyViolation(e))
                            {
                                // A row that refers to this step's rows appeared after planning (an order line inserted while
                                // its order is being deleted): the plan is stale, not broken. Or nothing changed, and a new
                                // plan would be refused again: ExecuteAsync tells which once the transaction rolled back.
                                throw new ForeignKeyRefusalException(step, e);
                            }
                            catch (DbException e) when (IsUniqueViolation(e) && group is not null && group.Any(DrawsRandomUniqueValue))
                            {
                                throw new RandomValueCollisionException(
                                    $"Step {step.Order} ({step.Action} {step.EntityType}) drew a random value that a row already holds in a unique column ({e.Message}). Nothing was written; running the plan again draws new values.", e);
                            }
                            catch (DbException e) when (IsConstraintViolation(e))
                            {
                                // A CHECK, NOT NULL or unique constraint: a new plan would write the same values and fail again.
                                throw new InvalidOperationException(DeclaredConstraint(context, e) is { } declared
                                    ? $"Step {step.Order} ({step.Action} {step.EntityType}) was refused by the constraint {declared}, which the EF Core model declares but the start-up check did not apply to the column written: {e.Message}. Nothing was written, and a new plan would fail the same way. Choose a strategy that satisfies it with [PersonalData(Anonymisation = ...)], and report the mapping: start-up should have refused it."
                                    : $"Step {step.Order} ({step.Action} {step.EntityType}) was refused by a database constraint that the EF Core model does not declare: {e.Message}. Nothing was written, and a new plan would fail the same way: declare the constraint in the EF Core model (HasCheckConstraint, IsRequired, HasIndex(...).IsUnique()) so that start-up chooses a strategy that satisfies it, or choose one with [PersonalData(Anonymisation = ...)].", e);
                            }
                            statements++;
                            if (ownedRows)
                            {
                                // Owned rows in another table (an owned collection) of the step's rows: their number is not
                                // the step's row count, which the owners' own statement checks.
                                affected = before;
                                continue;
                            }

                            if (guarded && affected == 0)
                            {
                                // The condition held back the first statement: say why (the catch in ExecuteAsync turns a plan
                                // applied before into AlreadyApplied).
                                await ExplainGuardAsync(context, root, id, plan, work, zeroSteps, ct).ConfigureAwait(false);
                            }

                            if (affected != step.RowCount)
                            {
                                throw new ErasurePlanStaleException(
                                    $"Step {step.Order} ({step.Action} {step.EntityType}, {step.Rows}) would touch {affected} rows, but the plan counted {step.RowCount}: the data changed since planning. Nothing was written; make a new plan.");
                            }
                        }

                        if (statementsOfStep.Length > 0 && statementsOfStep.All(g => g is [{ Field.Separate: not null }, ..]))
                        {
                            // Only owned rows of another table changed: the step's own rows are counted, so a plan on changed
                            // data is still refused and the audit records the rows the step kept.
                            affected = await EntityStatements.CountAsync(draft.Query(context, id), ct).ConfigureAwait(false);
                            if (affected != step.RowCount)
                            {
                                throw new ErasurePlanStaleException(
                                    $"Step {step.Order} ({step.Action} {step.EntityType}, {step.Rows}) selects {affected} rows, but the plan counted {step.RowCount}: the data changed since planning. Nothing was written; make a new plan.");
                            }
                        }

                        if (step.Action == ErasureRowAction.Delete)
                        {
                            deleted += affected;
                        }
                        else
                        {
                            anonymised += affected;
                        }
                    }

                    if (step.RowCount > 0)
                    {
                        entries.Add(new PrivacyAuditEntry
                        {
                            EntityType = step.EntityType,
                            Share = step.Share,
                            Selection = step.Rows,
                            Action = step.Action,
                            Rows = step.Action == ErasureRowAction.Retain ? step.RowCount : affected,
                            Erased = step.Fields.Where(f => f.Action != ErasureFieldAction.Retain).Select(f => f.Name).ToArray(),
                            Retained = step.Fields.Where(f => f.Action == ErasureFieldAction.Retain).Select(f => f.Name).ToArray(),
                            Rules = step.Retention.Select(r => r.Rule).OfType<string>().ToArray(),
                            RetainedUntil = step.Retention.Max(r => r.Until),
                        });
                    }
                }

                await RestrictionErasure.ForgetSubjectKeyAsync(context, plan.SubjectCategory, id, hash, time.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false);
                // One INSERT built once per model, without the change tracker (AuditInsert; SaveChanges when the app takes part in saves).
                await AuditInsert.WriteAsync(context, new PrivacyAuditRecord
                {
                    Id = Guid.NewGuid(),
                    Kind = PrivacyAuditRecord.ErasureKind,
                    PlanId = plan.PlanId,
                    RequestId = plan.RequestId,
                    SubjectCategory = plan.SubjectCategory,
                    SubjectKeyHash = hash,
                    OccurredAt = time.GetUtcNow(),
                    Policy = policy.Name,
                    Rows = deleted + anonymised,
                    Entries = PrivacyAuditEntry.Write(entries),
                    Recipients = JsonSerializer.Serialize(plan.Recipients.Select(r => r.Id)),
                }, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return new ErasureResult(plan.PlanId, plan.RequestId, ErasureStatus.Applied, deleted, anonymised, statements);
            },
            cancellationToken);

    /// <summary>
    /// <c>!audit.Any(a =&gt; a.PlanId == plan) &amp;&amp; !zeroStep1.Any() &amp;&amp; ...</c>: nothing has changed that the first counted
    /// statement must not run over. Uncorrelated: the database evaluates it once per statement.
    /// </summary>
    private static Expression Unchanged(DbContext context, object id, Guid planId, IReadOnlyList<StepDraft> zeroSteps)
    {
        // The plan's id as a value of the call, not a captured variable: the statement is cached (StatementCache).
        var record = Expression.Parameter(typeof(PrivacyAuditRecord), "a");
        var planProperty = Expression.Property(record, nameof(PrivacyAuditRecord.PlanId));
        var audit = context.Set<PrivacyAuditRecord>().Where(Expression.Lambda<Func<PrivacyAuditRecord, bool>>(
            Expression.Equal(planProperty, CallValues.Of((Guid?)planId, planProperty.Type, CallValueSource.PlanId)), record));
        Expression body = Expression.Not(Expression.Call(ClosedMethods.Any(typeof(PrivacyAuditRecord)), audit.Expression));
        foreach (var draft in zeroSteps)
        {
            var query = draft.Query(context, id);
            body = Expression.AndAlso(body, Expression.Not(Expression.Call(ClosedMethods.Any(query.ElementType), query.Expression)));
        }

        return body;
    }

    /// <summary>After the first counted statement changed nothing: the plan applied before, or a step counted at zero that now has rows.</summary>
    private static async Task ExplainGuardAsync(
        DbContext context, SubjectRoot root, object id, ErasurePlan plan, List<(ErasureStep Step, StepDraft Draft, IReadOnlyList<PropertySetter> Setters)> work, StepDraft[] zeroSteps, CancellationToken cancellationToken)
    {
        if (await context.Set<PrivacyAuditRecord>().AnyAsync(a => a.PlanId == plan.PlanId, cancellationToken).ConfigureAwait(false))
        {
            throw new ErasurePlanStaleException("The plan's audit record exists: it was applied before. Nothing was written.");
        }

        foreach (var (step, draft, _) in work.Where(w => zeroSteps.Contains(w.Draft)))
        {
            var now = await EntityStatements.CountAsync(draft.Query(context, id), cancellationToken).ConfigureAwait(false);
            if (now != 0)
            {
                throw new ErasurePlanStaleException(
                    $"Step {step.Order} ({step.Action} {step.EntityType}, {step.Rows}) selects {now} rows, but the plan counted none: the data changed since planning. Nothing was written; make a new plan.");
            }
        }
    }

    public async Task<IReadOnlyList<ErasureResult>> ReapplyAsync(CancellationToken cancellationToken = default)
    {
        var key = AuditKey(options.Value);
        var results = new List<ErasureResult>();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            if (context.Model.FindEntityType(typeof(PrivacyAuditRecord)) is null)
            {
                continue;
            }

            var erased = await context.Set<PrivacyAuditRecord>().AsNoTracking()
                .Where(a => a.Kind == PrivacyAuditRecord.ErasureKind && a.SubjectKeyHash != null)
                .Select(a => new { a.SubjectCategory, a.SubjectKeyHash, a.RequestId })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var category in erased.GroupBy(e => e.SubjectCategory!))
            {
                if (context.GetSubjectGraph().FindRoot(category.Key) is not { } root)
                {
                    continue;
                }

                var wanted = category.GroupBy(e => e.SubjectKeyHash!).ToDictionary(g => g.Key, g => g.First().RequestId ?? "unknown", StringComparer.Ordinal);
                var matches = new List<(object Id, string RequestId)>();

                // Only keys are read, one at a time: memory grows with the matches, not with the subjects.
                await foreach (var subjectKey in KeysAsync(context, root, cancellationToken).ConfigureAwait(false))
                {
                    var text = Convert.ToString(subjectKey, CultureInfo.InvariantCulture)!;
                    if (wanted.TryGetValue(PrivacyAuditRecord.Hash(key, category.Key, text), out var requestId))
                    {
                        matches.Add((subjectKey, requestId));
                    }
                }

                foreach (var (subjectKey, requestId) in matches)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var reapplied = requestId.Length <= ErasurePlanner.MaxRequestIdLength - 10 ? requestId + " (restore)" : requestId;
                    // In this context: the category may be held by several (a root and references by value), each re-applied on its own.
                    var subjectReference = new DataSubjectReference(category.Key, subjectKey);
                    var plan = planner is ErasurePlanner own
                        ? await own.PlanAsync(subjectReference, reapplied, registration.ContextType.FullName, cancellationToken).ConfigureAwait(false)
                        : await planner.PlanAsync(subjectReference, reapplied, cancellationToken).ConfigureAwait(false);
                    if (plan.Outcome == ErasureOutcome.Erase && plan.Steps.Any(s => s.Action != ErasureRowAction.Retain && s.RowCount > 0 && s.Fields.Any(f => f.Action != ErasureFieldAction.Retain)))
                    {
                        results.Add(await ExecuteAsync(plan, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }

        LogReapplied(logger, results.Count);
        return results;
    }

    /// <summary>Records that the request was refused (once per plan), so that the trail shows every request that was answered.</summary>
    private async Task RecordRefusalAsync(ErasurePlan plan, CancellationToken cancellationToken)
    {
        ErasurePlanner.ValidateRequestId(plan.RequestId);
        var key = AuditKey(options.Value);
        await using var scope = scopes.CreateAsyncScope();
        var (context, root) = ErasurePlanner.ResolveRoot(scope.ServiceProvider, registrations, policy, plan.SubjectCategory, plan.Context);
        if (plan.Database != ErasurePlanner.DatabaseIdentity(context))
        {
            throw new InvalidOperationException(plan.Database is null
                ? "The plan names no database: it was not made by this library's planner, or was edited. Make a new plan."
                : "The plan was made against another database than the one this context uses: an erasure runs only in the database it was planned and reviewed in. Make a new plan here.");
        }

        RequireAudit(context);
        var id = root.ConvertId(plan.SubjectId);
        if (await context.Set<PrivacyAuditRecord>().AnyAsync(a => a.PlanId == plan.PlanId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        context.Add(new PrivacyAuditRecord
        {
            Id = Guid.NewGuid(),
            Kind = PrivacyAuditRecord.RefusalKind,
            PlanId = plan.PlanId,
            RequestId = plan.RequestId,
            SubjectCategory = plan.SubjectCategory,
            SubjectKeyHash = PrivacyAuditRecord.Hash(key, plan.SubjectCategory, Convert.ToString(id, CultureInfo.InvariantCulture)!),
            OccurredAt = time.GetUtcNow(),
            Policy = policy.Name,
            Rows = 0,
            Entries = PrivacyAuditEntry.Write(plan.Refusals.Select(r => new PrivacyAuditEntry
            {
                EntityType = root.EntityType.Name,
                Action = ErasureRowAction.Retain,
                RefusedBy = r.Basis is null ? r.Source : $"{r.Source} ({r.Basis})",
                RetainedUntil = r.Until,
            })),
        });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            context.ChangeTracker.Clear();
            if (!await context.Set<PrivacyAuditRecord>().AsNoTracking().AnyAsync(a => a.PlanId == plan.PlanId, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            return; // recorded by a concurrent call
        }

        LogRefusalRecorded(logger, plan.SubjectCategory);
    }

    internal static byte[] AuditKey(ErasureOptions options)
    {
        if (options.AuditKey is not { Length: >= 32 } secret)
        {
            throw new InvalidOperationException(
                "ErasureOptions.AuditKey is not set or shorter than 32 characters: erasure records each subject in the audit trail by a keyed hash and needs a secret key kept outside the database (see docs/audit.md).");
        }

        return Encoding.UTF8.GetBytes(secret);
    }

    internal static void RequireAudit(DbContext context)
    {
        if (context.Model.FindEntityType(typeof(PrivacyAuditRecord)) is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} has no privacy audit table: call modelBuilder.AddPrivacyAudit() in OnModelCreating (and add a migration). Erasures write their audit record in the same transaction.");
        }
    }

    private static async IAsyncEnumerable<object> KeysAsync(DbContext context, SubjectRoot root, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = EntityStatements.All(context, root.EntityType);
        var row = System.Linq.Expressions.Expression.Parameter(root.EntityType.ClrType, "e");
        var selector = System.Linq.Expressions.Expression.Lambda(
            System.Linq.Expressions.Expression.Convert(EntityStatements.Property(row, root.Key), typeof(object)), row);
        var keys = (IQueryable<object>)query.Provider.CreateQuery(System.Linq.Expressions.Expression.Call(
            ClosedMethods.Select(root.EntityType.ClrType, typeof(object)),
            query.Expression,
            System.Linq.Expressions.Expression.Quote(selector)));
        await foreach (var key in keys.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return key;
        }
    }

    /// <summary>Matches each plan step with the model (the draft that finds its rows again) and checks what it asks for.</summary>
    /// <summary>An integrity-constraint violation: SQLSTATE class 23 where the provider reports one (PostgreSQL), else SQLite's SQLITE_CONSTRAINT (19).</summary>
    private static bool IsConstraintViolation(DbException e) =>
        e.SqlState is { Length: 5 } state ? state.StartsWith("23", StringComparison.Ordinal) : SqliteCodes(e).Primary == 19;

    /// <summary>
    /// The name of the violated constraint when the model declares it (a unique index, or a CHECK constraint the start-up
    /// check recorded on a property), or null: PostgreSQL names it (<c>ConstraintName</c>); SQLite's message names a CHECK
    /// constraint, or the table and columns of a unique one.
    /// </summary>
    private static string? DeclaredConstraint(DbContext context, DbException e)
    {
        var name = e.GetType().GetProperty("ConstraintName")?.GetValue(e) as string;
        var sqlite = SqliteConstraint().Match(e.Message);
        name ??= sqlite.Success ? sqlite.Groups["name"].Value.Trim() : null;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        foreach (var entityType in context.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetDeclaredProperties())
            {
                if (property.FindAnnotation(ExecutionCheck.CheckConstraintAnnotation)?.Value is string checks
                    && CheckConstraintRules.Read(checks).Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
                {
                    return $"'{name}'";
                }
            }

            if (entityType.GetTableName() is not { } table)
            {
                continue;
            }

            foreach (var index in entityType.GetDeclaredIndexes().Where(i => i.IsUnique))
            {
                var columns = string.Join(", ", index.Properties.Select(p => table + "." + p.GetColumnName()));
                if (string.Equals(index.GetDatabaseName(), name, StringComparison.Ordinal) || string.Equals(columns, name, StringComparison.Ordinal))
                {
                    return $"'{index.GetDatabaseName() ?? name}' (a unique index)";
                }
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:CHECK|UNIQUE) constraint failed: (?<name>[^'\r\n]+)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SqliteConstraint();

    /// <summary>A unique violation: SQLSTATE 23505 (PostgreSQL), SQLITE_CONSTRAINT_UNIQUE (2067) or _PRIMARYKEY (1555) on SQLite.</summary>
    private static bool IsUniqueViolation(DbException e) =>
        e.SqlState is { Length: 5 } state ? state == "23505" : SqliteCodes(e).Extended is 2067 or 1555;

    /// <summary>Whether the setter writes a random value (a token, a random number or Guid) into a column with a unique index.</summary>
    private static bool DrawsRandomUniqueValue(PropertySetter setter)
        => Anonymiser.Resolve(setter.Field.Classified) is AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail
           && Anonymiser.Facts(setter.Field.Classified).Unique;

    /// <summary>A step was refused by a foreign key; whether the plan is stale is decided after the rollback.</summary>
    private sealed class ForeignKeyRefusalException(ErasureStep step, Exception inner) : Exception(inner.Message, inner)
    {
        public ErasureStep Step { get; } = step;
    }

    /// <summary>A random value equalled one a unique column already holds: the rolled-back plan can run again.</summary>
    private sealed class RandomValueCollisionException(string message, Exception inner) : InvalidOperationException(message, inner);

    /// <summary>
    /// A foreign-key violation: SQLSTATE 23503 (PostgreSQL); on SQLite SQLITE_CONSTRAINT_FOREIGNKEY (787), or, for an
    /// <c>ON DELETE RESTRICT</c> key, which SQLite enforces through a trigger that raises "FOREIGN KEY constraint failed",
    /// SQLITE_CONSTRAINT_TRIGGER (1811) with that message.
    /// </summary>
    internal static bool IsForeignKeyViolation(DbException e) =>
        e.SqlState is { Length: 5 } state
            ? state == "23503"
            : SqliteCodes(e) is var (primary, extended)
              && (extended == 787 || (primary == 19 && e.Message.Contains("FOREIGN KEY constraint failed", StringComparison.Ordinal)));

    /// <summary>SQLite's primary and extended result codes, read by name so that the library needs no SQLite reference.</summary>
    private static (int Primary, int Extended) SqliteCodes(DbException e)
    {
        var type = e.GetType();
        return type.GetProperty("SqliteErrorCode")?.GetValue(e) is int primary
            ? (primary, type.GetProperty("SqliteExtendedErrorCode")?.GetValue(e) as int? ?? primary)
            : (-1, -1);
    }

    /// <summary>
    /// Breaks foreign-key cycles among the rows this plan deletes (a customer's default address refers to one of her
    /// addresses, which refer to her): before any row is deleted, an optional reference from a deleted row to a row that an
    /// earlier step deletes is cleared, in the same transaction. Nothing else changes: those rows are deleted later on.
    /// </summary>
    private static async Task<int> UnlinkCyclesAsync(DbContext context, List<(ErasureStep Step, StepDraft Draft, IReadOnlyList<PropertySetter> Setters)> work, object id, CancellationToken cancellationToken)
    {
        var statements = 0;
        var steps = work.Select(w => (w.Step.Action, w.Step.RowCount, w.Draft.Entity.EntityType)).ToArray();
        for (var index = 0; index < work.Count; index++)
        {
            var draft = work[index].Draft;
            var entityType = draft.Entity.EntityType;
            foreach (var foreignKey in ErasurePlanner.Unlinks(steps, index))
            {
                // An optional reference is cleared; a required one to the row's own type is pointed at the row itself.
                var row = System.Linq.Expressions.Expression.Parameter(entityType.ClrType, "e");
                // A reference of an owned type in the row (Prefs.FavouriteOrderId) is set through its ownership navigations.
                var itself = ErasurePlanner.PointsToItsOwnType(foreignKey, entityType);
                IReadOnlyList<IPropertyBase> path = foreignKey.DeclaringEntityType == entityType || foreignKey.DeclaringEntityType.IsAssignableFrom(entityType)
                    ? []
                    : ErasurePlanner.InRowOwned(entityType).First(o => o.Owned == foreignKey.DeclaringEntityType).Path;
                var setters = foreignKey.Properties.Select((p, i) => new PropertySetter(
                    new FieldPath(context.GetSubjectGraph().Classify(p), path),
                    System.Linq.Expressions.Expression.Lambda(
                        itself
                            ? System.Linq.Expressions.Expression.Convert(EntityStatements.Property(row, foreignKey.PrincipalKey.Properties[i]), p.ClrType)
                            : System.Linq.Expressions.Expression.Constant(null, p.ClrType),
                        row))).ToArray();
                await EntityStatements.UpdateAsync(draft.Query(context, id), setters, cancellationToken).ConfigureAwait(false);
                statements++;
            }
        }

        return statements;
    }

    private static List<(ErasureStep Step, StepDraft Draft, IReadOnlyList<PropertySetter> Setters)> Prepare(DbContext context, ErasurePlan plan, SubjectRoot root)
    {
        var drafts = ErasureDrafts.Create(context, root, plan.PlannedAt.UtcDateTime, []).ToDictionary(d => d.Key, StringComparer.Ordinal);

        // Every part of the subject's data must be accounted for: a plan with a step removed would leave those rows as they are.
        var named = plan.Steps.Select(s => StepDraft.KeyOf(s.EntityType, s.Share, s.Rows, s.PointedTo)).ToHashSet(StringComparer.Ordinal);
        var missing = drafts.Values.FirstOrDefault(d => !named.Contains(d.Key));
        if (missing is not null)
        {
            throw new InvalidOperationException(
                $"The plan has no step for {missing.Entity.EntityType.DisplayName()}{(missing.Share.Navigation is null ? string.Empty : " [" + missing.Share.Navigation + "]")} ({missing.Selection}), which the subject graph says this subject owns: the plan is incomplete or was edited. Make a new plan.");
        }
        var work = new List<(ErasureStep, StepDraft, IReadOnlyList<PropertySetter>)>();
        foreach (var step in plan.Steps.OrderBy(s => s.Order))
        {
            if (!drafts.TryGetValue(StepDraft.KeyOf(step.EntityType, step.Share, step.Rows, step.PointedTo), out var draft))
            {
                throw new InvalidOperationException($"Plan step {step.Order} names {step.EntityType}{(step.Share is null ? string.Empty : " [" + step.Share + "]")} ({step.Rows}), which the model's subject graph does not have: make a new plan.");
            }

            if (step.Action == ErasureRowAction.Delete && (draft.Selection == ErasureRowSelection.LegalHoldInForce || !draft.Share.OwnsRow || draft.Share.IsShared || !EntityStatements.CanDelete(draft.Entity.EntityType)))
            {
                throw new InvalidOperationException($"Plan step {step.Order} deletes {step.EntityType} rows that are under a legal hold or shared with another subject; erasure never deletes those.");
            }

            var setters = new List<PropertySetter>();
            work.Add((step, draft, setters));
            if (step.Action == ErasureRowAction.Anonymise)
            {
                var personal = draft.Fields.ToDictionary(f => f.Field.Name, StringComparer.Ordinal);
                foreach (var field in step.Fields.Where(f => f.Action == ErasureFieldAction.Anonymise))
                {
                    if (!personal.TryGetValue(field.Name, out var known))
                    {
                        throw new InvalidOperationException($"Plan step {step.Order} anonymises {step.EntityType}.{field.Name}, which is not a personal field of this subject there.");
                    }

                    if (known.Action == ErasureFieldAction.Retain)
                    {
                        throw new InvalidOperationException($"Plan step {step.Order} anonymises {step.EntityType}.{field.Name}, which {(draft.Selection == ErasureRowSelection.LegalHoldInForce ? "the legal hold" : "the plan's retention")} keeps: the plan was edited. Make a new plan.");
                    }

                    var strategy = Anonymiser.Resolve(known.Property);
                    if (field.Strategy is { } planned && planned != strategy)
                    {
                        throw new InvalidOperationException($"Plan step {step.Order} anonymises {step.EntityType}.{field.Name} with {planned}, but the policy says {strategy}: make a new plan.");
                    }

                    setters.Add(new PropertySetter(known.Field, Anonymiser.Value(draft.Entity.EntityType, known.Field, strategy)));
                }

                if (setters.Count == 0)
                {
                    throw new InvalidOperationException($"Plan step {step.Order} anonymises {step.EntityType} rows but names no field to anonymise.");
                }
            }

        }

        // The references cleared before the deletes (a foreign-key cycle) are part of what the reviewer read: run exactly those.
        var steps = work.Select(w => (w.Item1.Action, w.Item1.RowCount, w.Item2.Entity.EntityType)).ToArray();
        for (var index = 0; index < work.Count; index++)
        {
            var unlinks = ErasurePlanner.Unlinks(steps, index).Select(ErasurePlanner.UnlinkName).ToArray();
            if (!unlinks.SequenceEqual(work[index].Item1.Unlinked ?? [], StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"Plan step {work[index].Item1.Order} ({work[index].Item1.EntityType}) names [{string.Join("; ", work[index].Item1.Unlinked ?? [])}] as the references to clear before deleting, but the model needs [{string.Join("; ", unlinks)}]: the plan was edited or made by another version. Make a new plan.");
            }
        }

        // The rows a step finds may depend on what the other steps do (rows that stay refer to them): every draft takes the
        // action the reviewed plan states (a guard's veto, a row kept because a kept row refers to it) before any query is
        // built, so that execution selects the rows the plan counted.
        foreach (var (step, draft, _) in work)
        {
            draft.Action = step.Action;
        }

        return work;
    }

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Erasure of a '{Category}' subject: {Status}; {Deleted} rows deleted, {Anonymised} anonymised, in {Statements} statements and {ElapsedMs} ms")]
    private static partial void LogExecuted(ILogger logger, string category, ErasureStatus status, long deleted, long anonymised, int statements, long elapsedMs);

    [LoggerMessage(EventId = 213, Level = LogLevel.Information, Message = "Refused erasure of a '{Category}' subject recorded in the audit trail")]
    private static partial void LogRefusalRecorded(ILogger logger, string category);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Re-applied {Count} past erasure(s) from the audit trail")]
    private static partial void LogReapplied(ILogger logger, int count);
}
