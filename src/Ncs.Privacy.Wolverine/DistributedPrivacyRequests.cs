using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Wolverine;

namespace Ncs.Privacy.Wolverine;

/// <summary>
/// On the coordinating service: sends a verified request to every service declared to hold the subject's category.
/// The request then completes by itself when the last service answers (see <see cref="PrivacyAnswerHandler"/>); its due
/// date stays tracked by the request store's deadline monitor. See docs/distributed.md.
/// </summary>
public interface IDistributedPrivacyRequests
{
    /// <summary>
    /// Stores the dispatch of a verified erasure, access or portability request durably (one message in the coordinator's
    /// own durable local queue, in Wolverine's envelope storage), moves the request to InProgress, and returns; the
    /// dispatch's handler sends the request to every service that holds the category. A coordinator that stops after this
    /// call started finishes the dispatch when it starts again: no operator action.
    /// </summary>
    /// <param name="requestId">The request (<see cref="IDataSubjectRequestService"/>).</param>
    /// <param name="subject">The verified subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The services the request is sent to. Calling again sends again, which is harmless: every service answers once per request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, closed, of another subject, or of a right that is not carried across services. (Of another subject: the stored dispatch is then dropped by its handler, nothing is sent.)</exception>
    /// <exception cref="InvalidOperationException">No service is declared for the category.</exception>
    Task<IReadOnlyList<string>> DispatchAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default);

    /// <summary>Where the assembled export of an access or portability request is written when the request completes.</summary>
    /// <param name="requestId">The request.</param>
    string ExportPath(Guid requestId);
}

internal sealed partial class DistributedPrivacyRequests(
    IDataSubjectRequestService requests,
    IServiceScopeFactory scopes,
    PrivacyMessagingOptions options,
    ILogger<DistributedPrivacyRequests> logger) : IDistributedPrivacyRequests
{
    public async Task<IReadOnlyList<string>> DispatchAsync(Guid requestId, DataSubjectReference subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(subject.Id);
        var request = await requests.FindAsync(requestId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No data-subject request {requestId} exists.");
        if (request.Right is not (DataSubjectRight.Erasure or DataSubjectRight.Access or DataSubjectRight.Portability))
        {
            throw new DataSubjectRequestStateException($"Request {requestId} invokes {request.Right}; only erasure, access and portability requests are carried across services.");
        }

        var services = options.ServicesHolding(subject.Category ?? string.Empty);
        if (services.Count == 0)
        {
            throw new InvalidOperationException($"No service is declared to hold '{subject.Category}' subjects: declare each with PrivacyMessagingOptions.AddService(name, \"{subject.Category}\") on the coordinator.");
        }

        if (request.State == DataSubjectRequestState.Received)
        {
            throw new DataSubjectRequestStateException($"Request {requestId} is not verified: nothing runs until the requester is verified to be the subject (Art. 12(6)). Call VerifyAsync first.");
        }

        if (request.State != DataSubjectRequestState.Verified && request.State != DataSubjectRequestState.InProgress)
        {
            throw new DataSubjectRequestStateException($"Request {requestId} is {request.State}: only a verified request (or one in progress, to send it again) is dispatched.");
        }

        // First the one durable dispatch, in the coordinator's own local queue (Wolverine's envelope storage): from here
        // on a coordinator that stops finds it at its next start, and PrivacyDispatchHandler marks and sends.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.SendAsync(new PrivacyDispatchRequested(requestId, request.Right, subject.Category!, Convert.ToString(subject.Id, CultureInfo.InvariantCulture)!)).ConfigureAwait(false);
        }

        // Then the same checks and mark the handler makes, here for the caller: a request of another subject throws now
        // (the handler drops it), and the request is InProgress when this returns.
        await PrivacyDispatchHandler.MarkAsync((IDataSubjectRequestProgress)requests, requestId, subject, request.Right, cancellationToken).ConfigureAwait(false);

        LogDispatched(logger, requestId, request.Right, services.Count);
        return services;
    }

    public string ExportPath(Guid requestId) => Path.Combine(options.ExportDirectory, requestId.ToString("N") + ".json");

    [LoggerMessage(EventId = 190, Level = LogLevel.Information, Message = "{Right} request {RequestId} stored for dispatch to {Services} services")]
    private static partial void LogDispatched(ILogger logger, Guid requestId, DataSubjectRight right, int services);
}
