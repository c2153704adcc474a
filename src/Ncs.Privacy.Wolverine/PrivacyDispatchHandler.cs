using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Wolverine;

namespace Ncs.Privacy.Wolverine;

/// <summary>
/// Stored by <see cref="IDistributedPrivacyRequests.DispatchAsync"/> in the coordinator's own durable local queue
/// (<c>privacy-dispatch</c>, Wolverine's envelope storage in the messaging database) before it returns; its handler moves
/// the request to InProgress and sends <see cref="PrivacyRequestDispatched"/> to every service. A coordinator that stops
/// in between finds it again when it starts. Holds the subject's id until Wolverine deletes the handled envelope.
/// </summary>
/// <param name="RequestId">The data-subject request (the coordinator's request store).</param>
/// <param name="Right">Erasure, access or portability.</param>
/// <param name="SubjectCategory">The subject's category.</param>
/// <param name="SubjectId">The subject's identifier in its stored text form.</param>
public sealed record PrivacyDispatchRequested(Guid RequestId, DataSubjectRight Right, string SubjectCategory, string SubjectId);

/// <summary>
/// The coordinator's fan-out: marks the request InProgress (idempotent), records <c>dispatched</c> once, and returns one
/// <see cref="PrivacyRequestDispatched"/> per declared service as cascading messages, which Wolverine stores in its durable
/// outbox before it marks the dispatch handled. A failure throws: Wolverine keeps the dispatch and tries again (after a
/// restart too). Delivered again, it sends again, which is harmless: each service answers once per request.
/// </summary>
public sealed partial class PrivacyDispatchHandler(
    IDataSubjectRequestService requests,
    PrivacyMessagingOptions options,
    ILogger<PrivacyDispatchHandler> logger)
{
    internal const string Dispatched = "dispatched";

    /// <summary>Wolverine's hook: a failed dispatch is tried again on <see cref="PrivacyMessagingOptions.RetryDelays"/>, indefinitely.</summary>
    /// <param name="chain">The handler chain.</param>
    public static void Configure(global::Wolverine.Runtime.Handlers.HandlerChain chain) => RetryPolicy.Apply(chain);

    /// <summary>Marks the request and sends it to every service that holds the category.</summary>
    /// <param name="message">The stored dispatch.</param>
    /// <param name="cancellationToken">Cancels the call; the dispatch is tried again.</param>
    /// <returns>One message per service, to its queue; none when the request was closed or is of another subject meanwhile.</returns>
    public async Task<OutgoingMessages> Handle(PrivacyDispatchRequested message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outgoing = new OutgoingMessages();
        var progress = (IDataSubjectRequestProgress)requests;
        var subject = new DataSubjectReference(message.SubjectCategory, message.SubjectId);
        DataSubjectRequestInfo started;
        try
        {
            started = await MarkAsync(progress, message.RequestId, subject, message.Right, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSubjectRequestStateException e) when (e.InnerException is not Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            // Withdrawn or refused meanwhile, or not this subject's (DispatchAsync told its caller): nothing to send, ever.
            LogNotSent(logger, message.RequestId, e.Message);
            return outgoing;
        }
        catch (KeyNotFoundException e)
        {
            LogNotSent(logger, message.RequestId, e.Message);
            return outgoing;
        }

        var services = options.ServicesHolding(message.SubjectCategory);
        var history = await requests.HistoryAsync(message.RequestId, cancellationToken).ConfigureAwait(false);
        if (!history.Any(e => e.Kind == Dispatched))
        {
            await progress.RecordProgressAsync(message.RequestId, Dispatched, "to " + string.Join(", ", services), cancellationToken).ConfigureAwait(false);
        }

        var request = new PrivacyRequestDispatched(message.RequestId, message.Right, message.SubjectCategory, message.SubjectId, started.DueAtUtc);
        foreach (var service in services)
        {
            outgoing.Add(request.ToDestination(new Uri("postgresql://" + PrivacyMessagingOptions.QueueOf(service))));
        }

        LogSent(logger, message.RequestId, message.Right, services.Count);
        return outgoing;
    }

    /// <summary>
    /// Checks the request and moves it to InProgress. DispatchAsync and this handler both do it and may do it at once: the
    /// request's concurrency token lets one write, and the other reads again, which writes nothing now.
    /// </summary>
    internal static async Task<DataSubjectRequestInfo> MarkAsync(IDataSubjectRequestProgress progress, Guid requestId, DataSubjectReference subject, DataSubjectRight right, CancellationToken cancellationToken)
    {
        try
        {
            return await progress.StartActionAsync(requestId, subject, [right], cancellationToken).ConfigureAwait(false);
        }
        catch (DataSubjectRequestStateException e) when (e.InnerException is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            return await progress.StartActionAsync(requestId, subject, [right], cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 188, Level = LogLevel.Information, Message = "{Right} request {RequestId} sent to {Services} services")]
    private static partial void LogSent(ILogger logger, Guid requestId, DataSubjectRight right, int services);

    [LoggerMessage(EventId = 189, Level = LogLevel.Warning, Message = "Dispatch of request {RequestId} dropped, nothing sent: {Reason}")]
    private static partial void LogNotSent(ILogger logger, Guid requestId, string reason);
}
