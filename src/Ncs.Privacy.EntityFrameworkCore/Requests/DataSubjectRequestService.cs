using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>Stores requests in <typeparamref name="TContext"/>; see <see cref="IDataSubjectRequestService"/>.</summary>
/// <typeparam name="TContext">The context that holds the subjects and maps <c>AddPrivacyRequests()</c>.</typeparam>
internal sealed partial class DataSubjectRequestService<TContext>(
    IServiceScopeFactory scopes,
    PrivacyPolicy policy,
    TimeProvider time,
    IOptions<DataSubjectRequestOptions> requestOptions,
    IOptions<ErasureOptions> erasureOptions,
    ILogger<DataSubjectRequestService<TContext>> logger) : IDataSubjectRequestService, IExportSectionSource<DataSubjectRequestInfo>
    where TContext : DbContext
{
    private DataSubjectRequestOptions Settings => requestOptions.Value;

    public async Task<DataSubjectRequestInfo> ReceiveAsync(DataSubjectRequestSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var now = RequestTime.Now(time);
        var receivedAt = submission.ReceivedAtUtc is { } given ? RequestTime.Truncate(given) : now;
        if (submission.ReceivedAtUtc is { Kind: not DateTimeKind.Utc })
        {
            throw new ArgumentException("ReceivedAtUtc must be a UTC time (DateTimeKind.Utc).", nameof(submission));
        }

        if (receivedAt > now)
        {
            throw new ArgumentException($"ReceivedAtUtc ({receivedAt:O}) is in the future; give the time the request arrived.", nameof(submission));
        }

        ValidateReference(submission.Reference);
        ValidatePurpose(submission.Right, submission.Purpose);
        if (!Enum.IsDefined(submission.Channel) || !Enum.IsDefined(submission.Right))
        {
            throw new ArgumentException($"Unknown right '{submission.Right}' or channel '{submission.Channel}'.", nameof(submission));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        string? hash = null;
        if (submission.Subject is { } subject)
        {
            var key = await RequestSubjects.ExistingKeyAsync(context, subject, cancellationToken).ConfigureAwait(false);
            hash = RequestSubjects.Hash(AuditKey(), subject.Category, key);
        }

        var receivedOn = RequestDeadline.DayIn(new DateTimeOffset(receivedAt), Settings.TimeZone);
        var request = new PrivacyRequest
        {
            Id = Guid.NewGuid(),
            Right = submission.Right,
            Channel = submission.Channel,
            Reference = submission.Reference,
            Purpose = submission.Purpose,
            SubjectCategory = submission.Subject?.Category,
            SubjectKeyHash = hash,
            ReceivedAtUtc = receivedAt,
            ReceivedOn = receivedOn,
            DueOn = RequestDeadline.DueOn(receivedOn),
            State = DataSubjectRequestState.Received,
        };
        Requests(context).Add(request);
        context.Add(Event(request, now, "received", $"{request.Right} by {request.Channel}"));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogReceived(logger, request.Id, request.Right, request.Channel, request.DueOn);
        return Info(request);
    }

    public async Task<DataSubjectRequestInfo?> FindAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await Requests(context).AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false);
        return request is null ? null : Info(request);
    }

    public async Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(DataSubjectRequestFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var scope = scopes.CreateAsyncScope();
        return await ListAsync(scope.ServiceProvider.GetRequiredService<TContext>(), filter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The export's section (the subject's requests): in the export's context and connection.</summary>
    public Task<IReadOnlyList<DataSubjectRequestInfo>> ListForExportAsync(IServiceProvider exportScope, DataSubjectReference subject, CancellationToken cancellationToken) =>
        ListAsync(exportScope.GetRequiredService<TContext>(), new DataSubjectRequestFilter { Subject = subject }, cancellationToken);

    private async Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(TContext context, DataSubjectRequestFilter filter, CancellationToken cancellationToken)
    {
        var query = Requests(context).AsNoTracking();
        if (filter.States is { Count: > 0 } states)
        {
            var wanted = states.ToArray();
            query = query.Where(r => wanted.Contains(r.State));
        }

        if (filter.DueOnOrBefore is { } due)
        {
            query = query.Where(r => r.DueOn <= due);
        }

        if (filter.Right is { } right)
        {
            query = query.Where(r => r.Right == right);
        }

        if (filter.Subject is { } subject)
        {
            var hash = RequestSubjects.Hash(AuditKey(), subject.Category, RequestSubjects.KeyText(context, subject));
            query = query.Where(r => r.SubjectCategory == subject.Category && r.SubjectKeyHash == hash);
        }

        var rows = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.DueOn).ThenBy(r => r.ReceivedAtUtc).ThenBy(r => r.Id).Select(Info).ToArray();
    }

    public async Task<IReadOnlyList<DataSubjectRequestEventInfo>> HistoryAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await context.Set<PrivacyRequestEvent>().AsNoTracking().Where(e => e.RequestId == requestId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(e => e.Id).Select(e => new DataSubjectRequestEventInfo(e.OccurredAtUtc, e.Kind, e.State, e.Detail)).ToArray();
    }

    public async Task<DataSubjectRequestInfo> VerifyAsync(Guid requestId, DataSubjectReference subject, string method, string? evidence, ClaimsPrincipal? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var verifiers = scope.ServiceProvider.GetServices<IRequestVerifier>().ToArray();
        var verifier = verifiers.FirstOrDefault(v => string.Equals(v.Method, method, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No request verifier has method '{method}' (registered: {(verifiers.Length == 0 ? "none; add one with AddRequestVerifier<T>()" : string.Join(", ", verifiers.Select(v => v.Method)))}).", nameof(method));
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        Require(request, "be verified", DataSubjectRequestState.Received);
        var key = await RequestSubjects.ExistingKeyAsync(context, subject, cancellationToken).ConfigureAwait(false);
        var hash = RequestSubjects.Hash(AuditKey(), subject.Category, key);
        if (request.SubjectKeyHash is not null && (request.SubjectKeyHash != hash || request.SubjectCategory != subject.Category))
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} is linked to another data subject; verify the subject it names.");
        }

        var result = await verifier.VerifyAsync(new RequestVerificationContext(request.Id, request.Right, request.Channel, subject.Category, key, evidence, user), cancellationToken).ConfigureAwait(false);
        var now = RequestTime.Now(time);
        if (!result.Verified)
        {
            context.Add(Event(request, now, "verification-failed", method));
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogVerificationFailed(logger, request.Id, method);
            throw new RequestVerificationException($"Verification by '{method}' failed: {result.Reason ?? "no reason given"}. The request stays received; nothing runs until it is verified.");
        }

        request.SubjectCategory = subject.Category;
        request.SubjectKeyHash = hash;
        request.VerificationMethod = method;
        request.VerifiedAtUtc = now;
        return await SaveAsync(context, request, DataSubjectRequestState.Verified, now, "verified", method, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> ExtendAsync(Guid requestId, int months, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (reason.Length > PrivacyRequestModelBuilderExtensions.ExtensionReasonMaxLength)
        {
            throw new ArgumentException(
                $"An extension's reason holds at most {PrivacyRequestModelBuilderExtensions.ExtensionReasonMaxLength} characters (the request log's column); {reason.Length} were given. Shorten it; nothing was written.",
                nameof(reason));
        }

        if (months is < 1 or > RequestDeadline.MaxExtensionMonths)
        {
            throw new ArgumentException($"An extension is 1 or 2 months in total (Art. 12(3)); {months} was asked.", nameof(months));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        RequireOpen(request, "be extended");
        var now = RequestTime.Now(time);
        var firstMonthEnds = RequestDeadline.EndOfDay(RequestDeadline.DueOn(request.ReceivedOn), Settings.TimeZone);
        if (now >= firstMonthEnds.UtcDateTime)
        {
            throw new DataSubjectRequestStateException(
                $"Request {request.Id} can no longer be extended: the subject must be told of an extension within one month of receipt (Art. 12(3)), which ended {firstMonthEnds:O}.");
        }

        if (months <= request.ExtensionMonths)
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} is already extended by {request.ExtensionMonths} month(s); an extension only lengthens, to at most two months.");
        }

        request.ExtensionMonths = months;
        request.ExtensionReason = reason;
        request.DueOn = RequestDeadline.DueOn(request.ReceivedOn, months);
        return await SaveAsync(context, request, request.State, now, "extended", $"{months} month(s), due {request.DueOn:yyyy-MM-dd}", cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> CompleteAsync(Guid requestId, string outcome, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        if (outcome.Length > PrivacyRequestModelBuilderExtensions.OutcomeMaxLength)
        {
            throw new ArgumentException(
                $"An outcome holds at most {PrivacyRequestModelBuilderExtensions.OutcomeMaxLength} characters (the request log's column); {outcome.Length} were given. Shorten it; nothing was written.",
                nameof(outcome));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        Require(request, "be completed", DataSubjectRequestState.Verified, DataSubjectRequestState.InProgress);
        var now = RequestTime.Now(time);
        request.Outcome = outcome;
        request.ClosedAtUtc = now;
        return await SaveAsync(context, request, DataSubjectRequestState.Completed, now, "completed", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> RefuseAsync(Guid requestId, string reasons, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reasons);
        var refusal = RefusalText(reasons);
        if (refusal.Length > PrivacyRequestModelBuilderExtensions.OutcomeMaxLength)
        {
            var room = PrivacyRequestModelBuilderExtensions.OutcomeMaxLength - (refusal.Length - reasons.Trim().Length);
            throw new ArgumentException(
                $"Refusal reasons hold at most {room} characters (the request log's outcome column holds {PrivacyRequestModelBuilderExtensions.OutcomeMaxLength} with the notice of the right to complain); {reasons.Trim().Length} were given. Shorten them; nothing was written.",
                nameof(reasons));
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        RequireOpen(request, "be refused");
        var now = RequestTime.Now(time);
        request.Outcome = refusal;
        request.ClosedAtUtc = now;
        return await SaveAsync(context, request, DataSubjectRequestState.Refused, now, "refused", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> WithdrawAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        RequireOpen(request, "be withdrawn");
        var now = RequestTime.Now(time);
        request.ClosedAtUtc = now;
        return await SaveAsync(context, request, DataSubjectRequestState.Withdrawn, now, "withdrawn", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> RecordRecipientNotifiedAsync(Guid requestId, string recipient, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        var toNotify = ReadList(request.RecipientsToNotify);
        if (!toNotify.Contains(recipient, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Recipient '{recipient}' is not one to notify for request {request.Id} (to notify: {(toNotify.Count == 0 ? "none" : string.Join(", ", toNotify))}).", nameof(recipient));
        }

        var now = RequestTime.Now(time);
        var notified = ReadMap(request.RecipientsNotified);
        notified[recipient] = now;
        request.RecipientsNotified = JsonSerializer.Serialize(notified);
        return await SaveAsync(context, request, request.State, now, "notified", recipient, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectExportSummary> ExportAsync(Guid requestId, DataSubjectReference subject, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await StartAsync(requestId, subject, [DataSubjectRight.Access, DataSubjectRight.Portability], cancellationToken).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<IDataSubjectExporter>().ExportAsync(subject, destination, cancellationToken).ConfigureAwait(false);
        await FinishAsync(requestId, DataSubjectRequestState.Completed, "exported", $"{summary.Rows} rows of {summary.EntityTypes} entity types; sections {string.Join(", ", summary.Sections)}",
            $"The personal data was provided ({summary.Rows} rows).", [], cancellationToken).ConfigureAwait(false);
        return summary;
    }

    public async Task<ErasurePlan> PlanErasureAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        await StartAsync(requestId, subject, [DataSubjectRight.Erasure], cancellationToken).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IErasurePlanner>().PlanAsync(subject, PlanRequestId(requestId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> EraseAsync(Guid requestId, ErasurePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.RequestId != PlanRequestId(requestId))
        {
            throw new DataSubjectRequestStateException($"The plan was made for request '{plan.RequestId}', not for request {requestId}: make it with PlanErasureAsync for this request.");
        }

        var subject = new DataSubjectReference(plan.SubjectCategory, plan.SubjectId);
        await StartAsync(requestId, subject, [DataSubjectRight.Erasure], cancellationToken).ConfigureAwait(false);
        if (plan.Outcome == ErasureOutcome.SubjectNotFound)
        {
            // Nothing to erase is not an answer to record as done: the operator decides (complete with that answer, or refuse).
            throw new DataSubjectNotFoundException(subject);
        }

        await using var scope = scopes.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<IErasureExecutor>();
        try
        {
            var result = await executor.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
            return await FinishAsync(requestId, DataSubjectRequestState.Completed, "erased",
                $"plan {plan.PlanId}: {result.Status}, {result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised, {plan.RowsRetained} retained",
                $"The personal data was erased: {result.RowsDeleted} rows deleted, {result.RowsAnonymised} anonymised; {plan.RowsRetained} rows are kept where the law requires it.",
                plan.Recipients.Select(r => r.Id).ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (ErasureRefusedException e)
        {
            return await FinishAsync(requestId, DataSubjectRequestState.Refused, "erasure-refused", $"plan {plan.PlanId}: {e.Refusals.Count} refusal(s)",
                FitOutcome(RefusalText(string.Join("; ", e.Refusals.Select(r => r.Reason)))), [], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DataSubjectRequestInfo> ObjectAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        var request = await StartAsync(requestId, subject, [DataSubjectRight.Objection], cancellationToken).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetService<IObjectionRegistry>()
            ?? throw new InvalidOperationException("Objections are not registered: add .AddObjections<TContext>() to AddPrivacy(...).");
        await registry.ObjectAsync(subject, request.Purpose!, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(requestId, DataSubjectRequestState.Completed, "objected", request.Purpose,
            $"Processing for the purpose '{request.Purpose}' has stopped for you (Art. 21).", [], cancellationToken).ConfigureAwait(false);
    }

    public async Task<DataSubjectRequestInfo> RestrictAsync(Guid requestId, DataSubjectReference subject, DateTime? untilUtc, CancellationToken cancellationToken = default)
    {
        // Bad input is refused before the request moves to InProgress (the registry checks the same again).
        if (untilUtc is { } end && (end.Kind != DateTimeKind.Utc || end <= RequestTime.Now(time)))
        {
            throw new ArgumentException($"The restriction's end ({end:O}) must be a UTC time after now; pass null to restrict until lifted.", nameof(untilUtc));
        }

        var request = await StartAsync(requestId, subject, [DataSubjectRight.Restriction], cancellationToken).ConfigureAwait(false);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IRestrictionRegistry>().RestrictAsync(subject, request.Purpose, untilUtc, requestId, cancellationToken).ConfigureAwait(false);
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var recipients = RecipientsOf(context, subject, request.Purpose);
        var scopeText = request.Purpose is null ? "every purpose" : $"the purpose '{request.Purpose}'";
        return await FinishAsync(requestId, DataSubjectRequestState.Completed, "restricted",
            $"{request.Purpose ?? "every purpose"} until {(untilUtc is { } u ? u.ToString("O", CultureInfo.InvariantCulture) : "lifted")}",
            $"Processing of your data for {scopeText} is restricted {(untilUtc is { } until ? "until " + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "until the restriction is lifted, of which you will be told first")} (Art. 18).",
            recipients, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RectificationResult> RectifyAsync(Guid requestId, DataSubjectReference subject, RectificationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(subject);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        CheckRunnable(context, request, subject, [DataSubjectRight.Rectification]);

        // Everything the change may be refused for is checked before the request moves: bad input writes nothing.
        var graph = context.GetSubjectGraph();
        var root = RequestSubjects.Root(context, subject);
        var subjectId = root.ConvertId(subject.Id);
        var (entity, classified, share) = RectificationTarget(graph, root, change);
        var row = await RectificationRowAsync(context, entity, share, subjectId, change, cancellationToken).ConfigureAwait(false);
        var value = ConvertValue(classified.Property, change.Value);
        Validate(classified.Property, row, value);
        var entry = context.Entry(row).Property(classified.Property.Name);
        var changed = !Equals(entry.CurrentValue, value);
        if (changed)
        {
            await RequireUniqueAsync(context, entity.EntityType, classified.Property, row, value, cancellationToken).ConfigureAwait(false);
        }

        entry.CurrentValue = value;
        var recipients = classified.Uses.SelectMany(u => u.Recipients).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToArray();
        request.RecipientsToNotify = JsonSerializer.Serialize(ReadList(request.RecipientsToNotify).Union(recipients).Order(StringComparer.Ordinal));
        var name = ModelClassification.Name(entity.EntityType);
        var now = RequestTime.Now(time);
        if (request.State == DataSubjectRequestState.Verified)
        {
            request.State = DataSubjectRequestState.InProgress;
            context.Add(Event(request, now, "started", request.Right.ToString()));
        }

        try
        {
            await SaveAsync(context, request, DataSubjectRequestState.InProgress, now, "rectified",
                $"{name}.{classified.Name}{(changed ? string.Empty : " (unchanged)")}; recipients to notify: {(recipients.Length == 0 ? "none" : string.Join(", ", recipients))}", cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && UniqueIndexes(entity.EntityType, classified.Property).Any())
        {
            // Another row took the value between the check and the write. The database's message may quote the value: not passed on.
            throw new ArgumentException($"{name}.{classified.Name} must be unique (a unique index), and another row has the corrected value; nothing was written.", nameof(change));
        }

        LogRectified(logger, request.Id, name, classified.Name);
        return new RectificationResult(name, classified.Name, changed, recipients);
    }

    private static IEnumerable<IIndex> UniqueIndexes(IEntityType entityType, IProperty property) =>
        entityType.GetIndexes().Where(i => i.IsUnique && i.Properties.Contains(property));

    /// <summary>
    /// Refuses a correction a unique index forbids (another row has the value), as bad input naming the field: the model
    /// decides what a valid value is (Art. 16), and a raw constraint violation would name neither the field nor the fix.
    /// </summary>
    private static async Task RequireUniqueAsync(DbContext context, IEntityType entityType, IProperty property, object row, object? value, CancellationToken cancellationToken)
    {
        var key = entityType.FindPrimaryKey()!;
        var entry = context.Entry(row);
        foreach (var index in UniqueIndexes(entityType, property))
        {
            var values = index.Properties.Select(p => p == property ? value : entry.Property(p.Name).CurrentValue).ToArray();
            if (values.Any(v => v is null))
            {
                continue; // Rows with a null in the index do not collide on any engine we support.
            }

            var e = Expression.Parameter(entityType.ClrType, "e");
            // Another row: not this row's primary key.
            Expression body = Expression.Not(key.Properties
                .Select(k => (Expression)Expression.Equal(SubjectQueries.Property(e, k), Boxed(k, entry.Property(k.Name).CurrentValue)))
                .Aggregate(Expression.AndAlso));
            for (var i = 0; i < index.Properties.Count; i++)
            {
                body = Expression.AndAlso(body, Expression.Equal(SubjectQueries.Property(e, index.Properties[i]), Boxed(index.Properties[i], values[i])));
            }

            var filter = Expression.Lambda(typeof(Func<,>).MakeGenericType(entityType.ClrType, typeof(bool)), body, e);
            if (await SubjectQueries.AnyAsync(context, entityType, filter, cancellationToken).ConfigureAwait(false))
            {
                var name = $"{ModelClassification.Name(entityType)}.{property.Name}";
                throw new ArgumentException(
                    index.Properties.Count == 1
                        ? $"{name} must be unique (a unique index), and another row already has the corrected value; correct it to another value. Nothing was written."
                        : $"{name} must be unique together with {string.Join(", ", index.Properties.Where(p => p != property).Select(p => p.Name))} (a unique index), and another row already has these values. Nothing was written.",
                    nameof(value));
            }
        }
    }

    /// <summary>A value as a query parameter (a field of a holder object, not a constant), typed as the property.</summary>
    private static Expression Boxed(IProperty property, object? value)
    {
        var holder = Activator.CreateInstance(typeof(System.Runtime.CompilerServices.StrongBox<>).MakeGenericType(property.ClrType), value)!;
        return Expression.Field(Expression.Constant(holder), nameof(System.Runtime.CompilerServices.StrongBox<object>.Value));
    }

    private static (SubjectEntity Entity, ClassifiedProperty Property, SubjectShare Share) RectificationTarget(SubjectGraph graph, SubjectRoot root, RectificationChange change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(change.EntityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.Property);
        var candidates = graph.Model.GetEntityTypes()
            .Where(t => t.Name == change.EntityType || t.ClrType.FullName == change.EntityType || ModelClassification.Name(t) == change.EntityType)
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new ArgumentException(candidates.Length == 0
                ? $"No entity type '{change.EntityType}' is mapped; name it by its CLR name (e.g. {ModelClassification.Name(root.EntityType)})."
                : $"'{change.EntityType}' names several entity types ({string.Join(", ", candidates.Select(c => c.Name))}); use the full name.", nameof(change));
        }

        var entityType = candidates[0];
        var typeName = ModelClassification.Name(entityType);
        var entity = root.Find(entityType)
            ?? throw new ArgumentException($"{typeName} holds no data of a '{root.Category.Id}' subject: the subject graph does not reach it from {ModelClassification.Name(root.EntityType)}.", nameof(change));
        if (entity.IsOwned)
        {
            throw new ArgumentException($"{typeName} is owned by {ModelClassification.Name(entity.Owner!.EntityType)}: rectifying owned types is not supported; correct it through the application, then complete the request.", nameof(change));
        }

        var property = entityType.FindProperty(change.Property)
            ?? throw new ArgumentException($"{typeName} has no mapped property '{change.Property}'.", nameof(change));
        var classified = graph.GetProperties(entityType).First(p => p.Property == property);
        if (!classified.IsPersonalData)
        {
            throw new ArgumentException($"{typeName}.{property.Name} is not personal data ({classified.Kind}); Art. 16 rectifies the subject's personal data only.", nameof(change));
        }

        if (property.IsKey() || property.IsForeignKey() || property.IsConcurrencyToken || property.ValueGenerated != ValueGenerated.Never)
        {
            throw new ArgumentException($"{typeName}.{property.Name} is a key, foreign key, concurrency token or generated value; it cannot be rectified through a request.", nameof(change));
        }

        var share = entity.Shares.FirstOrDefault(s => string.Equals(s.Navigation, classified.Subject, StringComparison.Ordinal))
            ?? throw new ArgumentException($"{typeName}.{property.Name} is about the subject of '{classified.Subject}', not about the row's '{root.Category.Id}' subject.", nameof(change));
        return (entity, classified, share);
    }

    private static async Task<object> RectificationRowAsync(DbContext context, SubjectEntity entity, SubjectShare share, object subjectId, RectificationChange change, CancellationToken cancellationToken)
    {
        var typeName = ModelClassification.Name(entity.EntityType);
        var key = entity.EntityType.FindPrimaryKey();
        if (key is not { Properties.Count: 1 })
        {
            throw new ArgumentException($"{typeName} has no single-column primary key; rectify it through the application.", nameof(change));
        }

        var keyProperty = key.Properties[0];
        object keyValue;
        if (entity.IsRoot && change.RowKey is null)
        {
            keyValue = subjectId;
        }
        else if (change.RowKey is null)
        {
            throw new ArgumentException($"Name the {typeName} row to correct: RowKey is its primary key ({keyProperty.Name}).", nameof(change));
        }
        else
        {
            keyValue = ConvertValue(keyProperty, change.RowKey)
                ?? throw new ArgumentException($"RowKey must not be null for {typeName}.", nameof(change));
        }

        var query = share.Query(context, subjectId);
        var row = Expression.Parameter(entity.EntityType.ClrType, "r");
        var holder = Activator.CreateInstance(typeof(System.Runtime.CompilerServices.StrongBox<>).MakeGenericType(keyProperty.ClrType), keyValue)!;
        var equal = Expression.Equal(
            SubjectQueries.Property(row, keyProperty),
            Expression.Field(Expression.Constant(holder), nameof(System.Runtime.CompilerServices.StrongBox<object>.Value)));
        var where = Expression.Call(ClosedMethods.Where(entity.EntityType.ClrType), query.Expression,
            Expression.Quote(Expression.Lambda(equal, row)));
        var found = await query.Provider.CreateQuery(where).Cast<object>().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found ?? throw new ArgumentException($"The subject has no {typeName} row with {keyProperty.Name} = {Convert.ToString(keyValue, CultureInfo.InvariantCulture)}.", nameof(change));
    }

    private static object? ConvertValue(IProperty property, object? value)
    {
        var type = property.ClrType;
        var core = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return value switch
            {
                null => null,
                JsonElement { ValueKind: JsonValueKind.Null } => null,
                JsonElement json => json.Deserialize(type),
                _ when type.IsInstanceOfType(value) => value,
                string text => TypeDescriptor.GetConverter(core).ConvertFromInvariantString(text),
                IConvertible => Convert.ChangeType(value, core, CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or JsonException or NotSupportedException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"The value for {ModelClassification.Name(property.DeclaringType)}.{property.Name} is not a valid {core.Name}.", nameof(value), e);
        }
    }

    private static void Validate(IProperty property, object row, object? value)
    {
        var name = $"{ModelClassification.Name(property.DeclaringType)}.{property.Name}";
        if (value is null && !property.IsNullable)
        {
            throw new ArgumentException($"{name} is required; the correction cannot be empty.", nameof(value));
        }

        if (value is string text && property.GetMaxLength() is { } max && text.Length > max)
        {
            throw new ArgumentException($"{name} holds at most {max} characters; the correction has {text.Length}.", nameof(value));
        }

        if (property.PropertyInfo is PropertyInfo info)
        {
            var attributes = info.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            var results = new List<ValidationResult>();
            if (attributes.Length > 0 && !Validator.TryValidateValue(value!, new ValidationContext(row) { MemberName = info.Name, DisplayName = info.Name }, results, attributes))
            {
                // The validation messages may quote the value: report the failed rules' names only.
                throw new ArgumentException($"{name}: the correction fails {string.Join(", ", attributes.Where(a => !a.IsValid(value)).Select(a => a.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal)))} validation.", nameof(value));
            }
        }
    }

    private IReadOnlyList<string> RecipientsOf(DbContext context, DataSubjectReference subject, string? purpose)
    {
        var root = RequestSubjects.Root(context, subject);
        return root.Entities.SelectMany(e => e.Properties).SelectMany(p => p.Uses)
            .Where(u => purpose is null || u.Purpose.Id == purpose)
            .SelectMany(u => u.Recipients).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Checks that the request may run for this subject and right, and moves it to InProgress.</summary>
    private async Task<PrivacyRequest> StartAsync(Guid requestId, DataSubjectReference subject, DataSubjectRight[] rights, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        CheckRunnable(context, request, subject, rights);
        if (request.State == DataSubjectRequestState.Verified)
        {
            await SaveAsync(context, request, DataSubjectRequestState.InProgress, RequestTime.Now(time), "started", request.Right.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return request;
    }

    /// <summary>Checks that the request may run for this subject and right; changes nothing.</summary>
    private void CheckRunnable(DbContext context, PrivacyRequest request, DataSubjectReference subject, DataSubjectRight[] rights)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!rights.Contains(request.Right))
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} invokes {request.Right}, not {string.Join(" or ", rights)}.");
        }

        if (request.State == DataSubjectRequestState.Received)
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} is not verified: nothing runs until the requester is verified to be the subject (Art. 12(6)). Call VerifyAsync first.");
        }

        Require(request, "run", DataSubjectRequestState.Verified, DataSubjectRequestState.InProgress);
        var hash = RequestSubjects.Hash(AuditKey(), subject.Category, RequestSubjects.KeyText(context, subject));
        if (request.SubjectKeyHash != hash || request.SubjectCategory != subject.Category)
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} is of another data subject; it runs only for the subject that was verified.");
        }
    }

    /// <summary>
    /// Records the outcome of an action that ran. Only a request still in progress is closed: one another operator refused
    /// or withdrew meanwhile keeps that outcome (a closed request changes no more), and the caller is told.
    /// </summary>
    private async Task<DataSubjectRequestInfo> FinishAsync(Guid requestId, DataSubjectRequestState state, string kind, string? detail, string outcome, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var request = await LoadAsync(context, requestId, cancellationToken).ConfigureAwait(false);
        if (request.State != DataSubjectRequestState.InProgress)
        {
            throw new DataSubjectRequestStateException(
                $"Request {request.Id} became {request.State} while its {kind} action ran (another operator changed it); a closed request changes no more, so its outcome stays. The action's own record (export summary, audit trail) says what ran.");
        }

        var now = RequestTime.Now(time);
        context.Add(Event(request, now, kind, detail));
        request.Outcome = outcome;
        request.ClosedAtUtc = now;
        request.RecipientsToNotify = JsonSerializer.Serialize(ReadList(request.RecipientsToNotify).Union(recipients).Order(StringComparer.Ordinal));
        return await SaveAsync(context, request, state, now, state == DataSubjectRequestState.Completed ? "completed" : "refused", null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DataSubjectRequestInfo> SaveAsync(DbContext context, PrivacyRequest request, DataSubjectRequestState state, DateTime now, string kind, string? detail, CancellationToken cancellationToken)
    {
        request.State = state;
        request.Version++;
        context.Add(Event(request, now, kind, detail));
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new DataSubjectRequestStateException($"Request {request.Id} was changed by someone else meanwhile; nothing was written. Read it again and retry.", e);
        }

        LogChanged(logger, request.Id, kind, state);
        return Info(request);
    }

    private static async Task<PrivacyRequest> LoadAsync(DbContext context, Guid requestId, CancellationToken cancellationToken) =>
        await Requests(context).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken).ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"No data-subject request {requestId} exists.");

    private static void RequireOpen(PrivacyRequest request, string what) =>
        Require(request, what, DataSubjectRequestState.Received, DataSubjectRequestState.Verified, DataSubjectRequestState.InProgress);

    private static void Require(PrivacyRequest request, string what, params DataSubjectRequestState[] states)
    {
        if (!states.Contains(request.State))
        {
            throw new DataSubjectRequestStateException(
                $"Request {request.Id} is {request.State}; only a request that is {string.Join(" or ", states)} can {what}.");
        }
    }

    private void ValidatePurpose(DataSubjectRight right, string? purpose)
    {
        switch (right)
        {
            case DataSubjectRight.Objection:
                if (purpose is null || !policy.Purposes.TryGetValue(purpose, out var objected))
                {
                    throw new ArgumentException($"An objection names the purpose objected to; '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}.", nameof(purpose));
                }

                if (!objected.SubjectMayObject)
                {
                    throw new ArgumentException($"Purpose '{purpose}' rests on {objected.LegalBasis}; Art. 21 gives a right to object only to processing based on public task or legitimate interests, and to direct marketing.", nameof(purpose));
                }

                break;
            case DataSubjectRight.Restriction:
                if (purpose is not null && !policy.Purposes.ContainsKey(purpose))
                {
                    throw new ArgumentException($"Purpose '{purpose}' is not declared by the policy{PolicyReader.Known(policy.Purposes.Keys)}; leave it empty to restrict every purpose.", nameof(purpose));
                }

                break;
            default:
                if (purpose is not null)
                {
                    throw new ArgumentException($"A {right} request names no purpose; only objections and restrictions do.", nameof(purpose));
                }

                break;
        }
    }

    private static void ValidateReference(string? reference)
    {
        if (reference is null)
        {
            return;
        }

        if (reference.Length is 0 or > 100 || !reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '#'))
        {
            throw new ArgumentException("Reference must be a ticket number of at most 100 letters, digits and -_.:/# (never an e-mail address or a name: the request log holds no personal values).", nameof(reference));
        }
    }

    /// <summary>An outcome the library writes itself, cut to the column (the refusals are in the audit record in full).</summary>
    private static string FitOutcome(string text) => text.Length <= PrivacyRequestModelBuilderExtensions.OutcomeMaxLength
        ? text
        : string.Concat(text.AsSpan(0, PrivacyRequestModelBuilderExtensions.OutcomeMaxLength - 1), "…");

    private string RefusalText(string reasons) =>
        $"{reasons.Trim()} You may lodge a complaint with {Settings.SupervisoryAuthority} and seek a judicial remedy (GDPR Art. 12(4), Art. 77, Art. 79).";

    internal static string PlanRequestId(Guid requestId) => "request-" + requestId.ToString("N");

    private byte[] AuditKey() => ErasureExecutor.AuditKey(erasureOptions.Value);

    private DataSubjectRequestInfo Info(PrivacyRequest r) => new(
        r.Id, r.Right, r.Channel, r.Reference, r.Purpose, r.SubjectCategory, r.SubjectKeyHash is not null, r.State,
        r.ReceivedAtUtc, r.ReceivedOn, r.DueOn, RequestDeadline.EndOfDay(r.DueOn, Settings.TimeZone), r.ExtensionMonths, r.ExtensionReason,
        r.VerificationMethod, r.VerifiedAtUtc, r.ClosedAtUtc, r.Outcome, ReadList(r.RecipientsToNotify), ReadMap(r.RecipientsNotified));

    private static List<string> ReadList(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static SortedDictionary<string, DateTime> ReadMap(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, DateTime>>(json) ?? [], StringComparer.Ordinal);

    private static PrivacyRequestEvent Event(PrivacyRequest request, DateTime now, string kind, string? detail) =>
        new() { RequestId = request.Id, OccurredAtUtc = now, Kind = kind, State = request.State, Detail = detail };

    internal static DbSet<PrivacyRequest> Requests(DbContext context) =>
        context.Model.FindEntityType(typeof(PrivacyRequest)) is null
            ? throw new InvalidOperationException($"{context.GetType().Name} does not map data-subject requests: call modelBuilder.AddPrivacyRequests() in its OnModelCreating (and add a migration).")
            : context.Set<PrivacyRequest>();

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Data-subject request {RequestId} received: {Right} by {Channel}, due {DueOn}")]
    private static partial void LogReceived(ILogger logger, Guid requestId, DataSubjectRight right, RequestChannel channel, DateOnly dueOn);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Data-subject request {RequestId}: {Kind}, now {State}")]
    private static partial void LogChanged(ILogger logger, Guid requestId, string kind, DataSubjectRequestState state);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Data-subject request {RequestId}: verification by {Method} failed")]
    private static partial void LogVerificationFailed(ILogger logger, Guid requestId, string method);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Data-subject request {RequestId}: {EntityType}.{Property} rectified")]
    private static partial void LogRectified(ILogger logger, Guid requestId, string entityType, string property);
}
