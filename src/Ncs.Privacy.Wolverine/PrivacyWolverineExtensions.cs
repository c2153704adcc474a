using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;
using Wolverine.Postgresql;

namespace Ncs.Privacy.Wolverine;

/// <summary>Takes part in data-subject requests across services, carried by Wolverine over PostgreSQL. See docs/distributed.md.</summary>
public static class PrivacyWolverineExtensions
{
    /// <summary>The coordinator's durable local queue of dispatches (<see cref="PrivacyDispatchRequested"/>).</summary>
    public const string DispatchQueue = "privacy-dispatch";

    /// <summary>
    /// Configures this service's part: Wolverine's message store (schema <c>privacy_{service}</c>) and the PostgreSQL
    /// transport's queues (schema <see cref="PrivacyMessagingOptions.TransportSchema"/>) in the messaging database every
    /// service of the system shares; durable inbox and outbox; this service listens to <c>privacy-{service}</c> and runs
    /// its local part of each request; the coordinator also listens to the answers. The service's own data stays in its
    /// own database (its DbContexts, registered with <c>AddPrivacy(...).AddEntityFrameworkCore&lt;T&gt;().AddErasure(...)</c>).
    /// </summary>
    /// <param name="wolverine">The options of <c>UseWolverine</c>.</param>
    /// <param name="messagingConnectionString">The PostgreSQL database shared by the services for messaging (not the services' data).</param>
    /// <param name="configure">The service's name, whether it coordinates, and (on the coordinator) which services hold which categories.</param>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentException">The service name is missing or not a valid queue name, or a coordinator declares no service.</exception>
    /// <remarks>
    /// At host start-up, a service none of whose registered contexts holds a data subject (a root, or a column marked
    /// <c>[SubjectReference]</c>) fails with <see cref="InvalidOperationException"/>: every request sent to it would fail.
    /// A coordinator that does not declare itself with <c>AddService</c> is exempt.
    /// </remarks>
    public static WolverineOptions UsePrivacyMessaging(this WolverineOptions wolverine, string messagingConnectionString, Action<PrivacyMessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(wolverine);
        ArgumentException.ThrowIfNullOrWhiteSpace(messagingConnectionString);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PrivacyMessagingOptions();
        configure(options);
        PrivacyMessagingOptions.ValidateName(options.ServiceName);
        if (options.IsCoordinator && options.Services.Count == 0)
        {
            throw new ArgumentException("The coordinating service declares no service: call AddService(name, categories...) for every service that holds data subjects, itself included.", nameof(configure));
        }

        wolverine.UsePostgresqlPersistenceAndTransport(messagingConnectionString, "privacy_" + options.ServiceName.Replace('-', '_'), options.TransportSchema).AutoProvision();
        wolverine.Policies.UseDurableInboxOnAllListeners();
        wolverine.Policies.UseDurableOutboxOnAllSendingEndpoints();
        // One request at a time: two deliveries of one request (a dispatch repeated, a redelivery) must not plan and erase
        // side by side, each before the other's audit record exists.
        wolverine.ListenToPostgresqlQueue(PrivacyMessagingOptions.QueueOf(options.ServiceName)).Sequential();
        wolverine.PublishMessage<PrivacyRequestAnswered>().ToPostgresqlQueue(options.CoordinatorQueue);
        wolverine.Discovery.IncludeType<PrivacyRequestHandler>();
        if (options.IsCoordinator)
        {
            // One answer at a time: the request's history is the state the last answer completes.
            wolverine.ListenToPostgresqlQueue(options.CoordinatorQueue).Sequential();
            wolverine.Discovery.IncludeType<PrivacyAnswerHandler>();

            // The dispatch: stored in this service's durable inbox before DispatchAsync returns, recovered after a restart;
            // one at a time, so a request dispatched twice at once records "dispatched" once.
            wolverine.PublishMessage<PrivacyDispatchRequested>().ToLocalQueue(DispatchQueue).Sequential().UseDurableInbox();
            wolverine.Discovery.IncludeType<PrivacyDispatchHandler>();
            wolverine.Services.TryAddSingleton<IDistributedPrivacyRequests, DistributedPrivacyRequests>();
        }

        RetryPolicy.Delays = [.. options.RetryDelays];
        wolverine.Services.AddSingleton(options);
        wolverine.Services.AddHostedService<PrivacyServiceCheck>();
        return wolverine;
    }
}

/// <summary>The retry schedule of the privacy handlers (Wolverine reads it through each handler's <c>Configure(HandlerChain)</c>).</summary>
internal static class RetryPolicy
{
    public static TimeSpan[] Delays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)];

    public static void Apply(global::Wolverine.Runtime.Handlers.HandlerChain chain)
        => global::Wolverine.ErrorHandling.ErrorHandlingPolicyExtensions.OnAnyException(chain).ScheduleRetryIndefinitely(Delays);
}
