using System.Text;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Wolverine;

/// <summary>
/// A service's part of a request: erasure through <see cref="IErasureCoordinator"/> over every local context (each in
/// its own transaction), export through <see cref="IDataSubjectExporter"/>. Idempotent: a contexts whose audit trail
/// already records this request's erasure is not erased again, so a message delivered twice answers
/// <see cref="PrivacyPartStatus.AlreadyErased"/>. A failure throws: Wolverine keeps the message and tries again.
/// </summary>
public sealed partial class PrivacyRequestHandler(
    IErasureCoordinator coordinator,
    IDataSubjectExporter exporter,
    PrivacyMessagingOptions options,
    ILogger<PrivacyRequestHandler> logger)
{
    /// <summary>Wolverine's hook: a failed part is tried again on <see cref="PrivacyMessagingOptions.RetryDelays"/>, indefinitely.</summary>
    /// <param name="chain">The handler chain.</param>
    public static void Configure(global::Wolverine.Runtime.Handlers.HandlerChain chain) => RetryPolicy.Apply(chain);

    /// <summary>Handles one request for this service.</summary>
    /// <param name="message">The request.</param>
    /// <param name="cancellationToken">Cancels the part; its transaction rolls back and the message is tried again.</param>
    /// <returns>The answer, sent to the coordinator through the durable outbox.</returns>
    public async Task<PrivacyRequestAnswered> Handle(PrivacyRequestDispatched message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subject = new DataSubjectReference(message.SubjectCategory, message.SubjectId);
        LogReceived(logger, options.ServiceName, message.Right, message.RequestId, message.DueAtUtc);
        return message.Right switch
        {
            DataSubjectRight.Erasure => await EraseAsync(message, subject, cancellationToken).ConfigureAwait(false),
            DataSubjectRight.Access or DataSubjectRight.Portability => await ExportAsync(message, subject, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"Request {message.RequestId} invokes {message.Right}; only erasure, access and portability are carried across services."),
        };
    }

    private async Task<PrivacyRequestAnswered> EraseAsync(PrivacyRequestDispatched message, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        var local = coordinator as ErasureCoordinator
            ?? throw new InvalidOperationException("IErasureCoordinator was replaced: the service's part needs the library's own coordinator, which knows which local contexts already erased this request.");
        var requestId = "request-" + message.RequestId.ToString("N");
        var erased = await local.ErasedForRequestAsync(requestId, cancellationToken).ConfigureAwait(false);
        // A delivery after an erasure that committed (a crash before the answer was stored, a duplicate) answers with what
        // that erasure did, read from the audit trail, so the request's outcome never understates it.
        var before = erased.Count > 0
            ? await local.ErasedTotalsForRequestAsync(requestId, cancellationToken).ConfigureAwait(false)
            : (Deleted: 0L, Anonymised: 0L, Retained: 0L, Recipients: (IReadOnlyList<string>)[]);
        var plan = await local.PlanAsync(subject, requestId, erased, cancellationToken).ConfigureAwait(false);
        if (plan.Parts.Count == 0 || plan.Outcome == ErasureOutcome.SubjectNotFound)
        {
            return erased.Count > 0
                ? Answer(message, PrivacyPartStatus.AlreadyErased) with
                {
                    RowsDeleted = before.Deleted,
                    RowsAnonymised = before.Anonymised,
                    RowsRetained = before.Retained,
                    Recipients = [.. before.Recipients],
                }
                : Answer(message, PrivacyPartStatus.NotHeld);
        }

        if (plan.Outcome == ErasureOutcome.Refused)
        {
            try
            {
                await coordinator.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false); // records the refusal
            }
            catch (ErasureRefusedException)
            {
            }

            return Answer(message, PrivacyPartStatus.Refused) with
            {
                Reasons = string.Join("; ", plan.Parts.SelectMany(p => p.Refusals).Select(r => r.Basis is null ? r.Reason : $"{r.Reason} ({r.Basis})")),
            };
        }

        var result = await coordinator.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        LogErased(logger, options.ServiceName, message.RequestId, result.RowsDeleted, result.RowsAnonymised);
        return Answer(message, PrivacyPartStatus.Erased) with
        {
            RowsDeleted = before.Deleted + result.RowsDeleted,
            RowsAnonymised = before.Anonymised + result.RowsAnonymised,
            RowsRetained = before.Retained + plan.Parts.Sum(p => p.RowsRetained),
            Recipients = plan.Parts.SelectMany(p => p.Recipients).Select(r => r.Id).Concat(before.Recipients).Distinct().Order(StringComparer.Ordinal).ToArray(),
        };
    }

    private async Task<PrivacyRequestAnswered> ExportAsync(PrivacyRequestDispatched message, DataSubjectReference subject, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        try
        {
            await exporter.ExportAsync(subject, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSubjectNotFoundException)
        {
            return Answer(message, PrivacyPartStatus.NotHeld);
        }

        return Answer(message, PrivacyPartStatus.Exported) with { Export = Encoding.UTF8.GetString(stream.ToArray()) };
    }

    private PrivacyRequestAnswered Answer(PrivacyRequestDispatched message, PrivacyPartStatus status)
        => new(message.RequestId, options.ServiceName, message.Right, status, 0, 0, 0, [], null, null);

    [LoggerMessage(EventId = 180, Level = LogLevel.Information, Message = "Service {Service} received its part of {Right} request {RequestId} (due {DueAt})")]
    private static partial void LogReceived(ILogger logger, string service, DataSubjectRight right, Guid requestId, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 181, Level = LogLevel.Information, Message = "Service {Service} erased its part of request {RequestId}: {Deleted} rows deleted, {Anonymised} anonymised")]
    private static partial void LogErased(ILogger logger, string service, Guid requestId, long deleted, long anonymised);
}
