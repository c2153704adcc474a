using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Plans every registered context that holds a category and runs the parts one transaction each; see <see cref="IErasureCoordinator"/>.</summary>
internal sealed partial class ErasureCoordinator(
    IServiceScopeFactory scopes,
    IEnumerable<PrivacyDbContextRegistration> registrations,
    IErasurePlanner planner,
    IErasureExecutor executor,
    PrivacyPolicy policy,
    IServiceProvider services,
    ILogger<ErasureCoordinator> logger) : IErasureCoordinator
{
    public Task<CoordinatedErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, CancellationToken cancellationToken = default)
        => PlanAsync(subject, requestId, [], cancellationToken);

    /// <summary>
    /// The registered contexts (type full names) whose audit trail records an erasure for <paramref name="requestId"/>: a
    /// message delivered again after its erasure committed finds them and does not erase twice.
    /// </summary>
    internal async Task<IReadOnlyList<string>> ErasedForRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        var erased = new List<string>();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            if (context.Model.FindEntityType(typeof(PrivacyAuditRecord)) is not null
                && await context.Set<PrivacyAuditRecord>().AsNoTracking().AnyAsync(a => a.Kind == PrivacyAuditRecord.ErasureKind && a.RequestId == requestId, cancellationToken).ConfigureAwait(false))
            {
                erased.Add(registration.ContextType.FullName!);
            }
        }

        return erased;
    }

    /// <summary>
    /// What the erasures already recorded for <paramref name="requestId"/> did, from their audit records (counts and
    /// recipient ids, never a value): a message delivered again after its erasure committed answers with what was done,
    /// not with zeros.
    /// </summary>
    internal async Task<(long Deleted, long Anonymised, long Retained, IReadOnlyList<string> Recipients)> ErasedTotalsForRequestAsync(string requestId, CancellationToken cancellationToken)
    {
        long deleted = 0, anonymised = 0, retained = 0;
        var recipients = new SortedSet<string>(StringComparer.Ordinal);
        await using var scope = scopes.CreateAsyncScope();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            if (context.Model.FindEntityType(typeof(PrivacyAuditRecord)) is null)
            {
                continue;
            }

            var records = await context.Set<PrivacyAuditRecord>().AsNoTracking()
                .Where(a => a.Kind == PrivacyAuditRecord.ErasureKind && a.RequestId == requestId)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                foreach (var entry in record.ReadEntries())
                {
                    switch (entry.Action)
                    {
                        case ErasureRowAction.Delete:
                            deleted += entry.Rows;
                            break;
                        case ErasureRowAction.Anonymise:
                            anonymised += entry.Rows;
                            break;
                        default:
                            retained += entry.Rows;
                            break;
                    }
                }

                recipients.UnionWith(System.Text.Json.JsonSerializer.Deserialize<string[]>(record.Recipients) ?? []);
            }
        }

        return (deleted, anonymised, retained, recipients.ToArray());
    }

    /// <summary>As the public overload, leaving out the contexts named in <paramref name="skip"/> (already erased for this request).</summary>
    internal async Task<CoordinatedErasurePlan> PlanAsync(DataSubjectReference subject, string requestId, IReadOnlyCollection<string> skip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subject.Id);
        if (subject.Category is null || !policy.SubjectCategories.ContainsKey(subject.Category))
        {
            throw new ArgumentException(
                $"Data-subject category '{subject.Category}' is not declared by the policy (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}).",
                nameof(subject));
        }

        var all = await ContextsAsync(subject.Category).ConfigureAwait(false);
        var contexts = all.Where(c => !skip.Contains(c)).ToList();
        if (all.Count == 0)
        {
            throw new ArgumentException(
                $"No registered DbContext holds '{subject.Category}' subjects (an entity marked [DataSubject(\"{subject.Category}\")] or a column marked [SubjectReference(\"{subject.Category}\")]): register it with AddEntityFrameworkCore<TContext>().",
                nameof(subject));
        }

        var single = planner as ErasurePlanner
            ?? throw new InvalidOperationException("IErasurePlanner was replaced: the coordinator plans through the library's own planner, one context at a time.");
        var parts = new List<ErasurePlan>();
        foreach (var contextName in contexts)
        {
            parts.Add(await single.PlanAsync(subject, requestId, contextName, cancellationToken).ConfigureAwait(false));
        }

        var subjectId = parts.Select(p => p.SubjectId).FirstOrDefault() ?? Convert.ToString(subject.Id, System.Globalization.CultureInfo.InvariantCulture)!;
        LogPlanned(logger, subject.Category, parts.Count);
        return new CoordinatedErasurePlan(subject.Category, subjectId, requestId, parts);
    }

    public async Task<CoordinatedErasureResult> ExecuteAsync(CoordinatedErasurePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Parts.Count == 0 || plan.Parts.Any(p => p.SubjectCategory != plan.SubjectCategory || p.SubjectId != plan.SubjectId || p.RequestId != plan.RequestId))
        {
            throw new InvalidOperationException("The plan's parts are not of one subject and one request: make it with IErasureCoordinator.PlanAsync.");
        }

        // A refusal anywhere refuses the request everywhere: nothing runs, and the refusal is recorded where it was made.
        if (plan.Parts.FirstOrDefault(p => p.Outcome == ErasureOutcome.Refused) is { } refused)
        {
            await executor.ExecuteAsync(refused, cancellationToken).ConfigureAwait(false);
        }

        var results = new List<ErasureResult>();
        foreach (var part in plan.Parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                results.Add(await executor.ExecuteAsync(part, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPartFailed(logger, plan.SubjectCategory, part.Context, results.Count, e.GetType().Name);
                throw new ErasureIncompleteException(results, part.Context, e);
            }
        }

        LogExecuted(logger, plan.SubjectCategory, results.Count, results.Sum(r => r.RowsDeleted), results.Sum(r => r.RowsAnonymised));
        return new CoordinatedErasureResult(results);
    }

    public async Task<CoordinatedErasurePlan> PlanAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        var progress = Progress();
        await progress.StartActionAsync(requestId, subject, [DataSubjectRight.Erasure], cancellationToken).ConfigureAwait(false);
        return await PlanAsync(subject, progress.ErasureRequestId(requestId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> EraseAsync(Guid requestId, CoordinatedErasurePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var progress = Progress();
        if (plan.RequestId != progress.ErasureRequestId(requestId))
        {
            throw new DataSubjectRequestStateException($"The plan was made for request '{plan.RequestId}', not for request {requestId}: make it with PlanAsync(requestId, subject).");
        }

        var subject = new DataSubjectReference(plan.SubjectCategory, plan.SubjectId);
        await progress.StartActionAsync(requestId, subject, [DataSubjectRight.Erasure], cancellationToken).ConfigureAwait(false);
        if (plan.Outcome == ErasureOutcome.SubjectNotFound)
        {
            throw new DataSubjectNotFoundException(subject);
        }

        CoordinatedErasureResult result;
        try
        {
            result = await ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (ErasureRefusedException e)
        {
            return await progress.FinishActionAsync(requestId, refused: true, "erasure-refused", $"{e.Refusals.Count} refusal(s)",
                string.Join("; ", e.Refusals.Select(r => r.Reason)), [], cancellationToken).ConfigureAwait(false);
        }
        catch (ErasureIncompleteException e)
        {
            foreach (var done in e.Completed)
            {
                await progress.RecordProgressAsync(requestId, "part-erased", Describe(plan, done), cancellationToken).ConfigureAwait(false);
            }

            await progress.RecordProgressAsync(requestId, "part-failed", $"{ShortName(e.FailedContext)}: {e.InnerException?.GetType().Name}; run the plan again to finish", cancellationToken).ConfigureAwait(false);
            throw;
        }

        foreach (var done in result.Parts)
        {
            await progress.RecordProgressAsync(requestId, "part-erased", Describe(plan, done), cancellationToken).ConfigureAwait(false);
        }

        var retained = plan.Parts.Sum(p => p.RowsRetained);
        return await progress.FinishActionAsync(requestId, refused: false, "erased",
            $"{plan.Parts.Count} contexts: {result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised, {retained} retained",
            $"The personal data was erased in every part of our systems that held it: {result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised; {retained} rows are kept where the law requires it.",
            plan.Parts.SelectMany(p => p.Recipients).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(CoordinatedErasurePlan plan, ErasureResult result)
        => $"{ShortName(plan.Parts.First(p => p.PlanId == result.PlanId).Context)}: plan {result.PlanId} {result.Status}, {result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised";

    private static string ShortName(string context) => context[(context.LastIndexOf('.') + 1)..];

    private IDataSubjectRequestProgress Progress()
        => services.GetService<IDataSubjectRequestService>() as IDataSubjectRequestProgress
            ?? throw new InvalidOperationException("Data-subject requests are not registered: add .AddPrivacyRequests<TContext>() to AddPrivacy(...).");

    /// <summary>The registered contexts that hold the category: those that refer to its subjects by value first, the root's last.</summary>
    private async Task<List<string>> ContextsAsync(string category)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = new List<(string Name, bool IsReference)>();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            if (context.GetSubjectGraph().FindRoot(category) is { } root)
            {
                found.Add((registration.ContextType.FullName!, root.IsReference));
            }
        }

        return found.OrderBy(f => f.IsReference ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name).ToList();
    }

    [LoggerMessage(EventId = 170, Level = LogLevel.Information, Message = "Erasure of a '{Category}' subject planned in {Parts} context(s)")]
    private static partial void LogPlanned(ILogger logger, string category, int parts);

    [LoggerMessage(EventId = 171, Level = LogLevel.Information, Message = "Erasure of a '{Category}' subject ran in {Parts} context(s): {Deleted} rows deleted, {Anonymised} anonymised")]
    private static partial void LogExecuted(ILogger logger, string category, int parts, long deleted, long anonymised);

    [LoggerMessage(EventId = 172, Level = LogLevel.Warning, Message = "Erasure of a '{Category}' subject failed in {Context} after {Committed} part(s) committed ({Error}); run the same plan again to finish")]
    private static partial void LogPartFailed(ILogger logger, string category, string context, int committed, string error);
}
