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
    /// <summary>Moves a verified erasure, access or portability request to InProgress and sends it to every service that holds the category.</summary>
    /// <param name="requestId">The request (<see cref="IDataSubjectRequestService"/>).</param>
    /// <param name="subject">The verified subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The services the request was sent to. Calling again sends again, which is harmless: every service answers once per request.</returns>
    /// <exception cref="DataSubjectRequestStateException">The request is not verified, closed, of another subject, or of a right that is not carried across services.</exception>
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

        var progress = (IDataSubjectRequestProgress)requests;
        var started = await progress.StartActionAsync(requestId, subject, [request.Right], cancellationToken).ConfigureAwait(false);
        await progress.RecordProgressAsync(requestId, "dispatched", "to " + string.Join(", ", services), cancellationToken).ConfigureAwait(false);
        var message = new PrivacyRequestDispatched(requestId, request.Right, subject.Category!, Convert.ToString(subject.Id, CultureInfo.InvariantCulture)!, started.DueAtUtc);
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var service in services)
        {
            // Stored in the durable outbox first: a service that is down receives it when it comes back.
            await bus.EndpointFor(new Uri("postgresql://" + PrivacyMessagingOptions.QueueOf(service))).SendAsync(message).ConfigureAwait(false);
        }

        LogDispatched(logger, requestId, request.Right, services.Count);
        return services;
    }

    public string ExportPath(Guid requestId) => Path.Combine(options.ExportDirectory, requestId.ToString("N") + ".json");

    [LoggerMessage(EventId = 188, Level = LogLevel.Information, Message = "{Right} request {RequestId} sent to {Services} services")]
    private static partial void LogDispatched(ILogger logger, Guid requestId, DataSubjectRight right, int services);
}
