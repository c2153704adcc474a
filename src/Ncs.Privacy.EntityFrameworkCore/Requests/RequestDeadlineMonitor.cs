using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Reports open data-subject requests near or past their due day (Art. 12(3)): each check logs a warning per request
/// past due and an information per request near due, updates the <c>ncs.privacy.requests.due</c> gauge of the
/// <c>Ncs.Privacy.Requests</c> meter (tagged <c>status</c> = <c>past_due</c> or <c>near_due</c>), and raises
/// <see cref="RequestsDue"/>. <c>AddPrivacyRequests&lt;TContext&gt;()</c> runs it on <see cref="DataSubjectRequestOptions.MonitorInterval"/>.
/// </summary>
public sealed partial class RequestDeadlineMonitor : IDisposable
{
    /// <summary>The meter's name, for <c>AddMeter</c> in OpenTelemetry.</summary>
    public const string MeterName = "Ncs.Privacy.Requests";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly IOptions<DataSubjectRequestOptions> _options;
    private readonly ILogger<RequestDeadlineMonitor> _logger;
    private readonly Meter _meter;
    private volatile RequestDeadlineReport? _last;

    /// <summary>Creates the monitor (resolved from DI).</summary>
    /// <param name="scopes">Creates the scope each check reads in.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">The window and the time zone.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="meterFactory">Creates the meter; null for a meter of its own.</param>
    public RequestDeadlineMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<DataSubjectRequestOptions> options, ILogger<RequestDeadlineMonitor> logger, IMeterFactory? meterFactory = null)
    {
        _scopes = scopes;
        _time = time;
        _options = options;
        _logger = logger;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("ncs.privacy.requests.due", Observe, unit: "{request}", description: "Open data-subject requests past or near their due day at the last check.");
    }

    /// <summary>Raised after every check that found requests near or past due; handlers run on the checking thread and must not throw.</summary>
    public event EventHandler<RequestDeadlineReport>? RequestsDue;

    /// <summary>The last check's report, or null before the first.</summary>
    public RequestDeadlineReport? LastReport => _last;

    /// <summary>Checks the open requests now.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The requests past due and near due.</returns>
    public async Task<RequestDeadlineReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var settings = _options.Value;
        var now = _time.GetUtcNow();
        await using var scope = _scopes.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<IDataSubjectRequestService>();
        var horizon = RequestDeadline.DayIn(now + settings.NearDueWindow, settings.TimeZone);
        var open = await service.ListAsync(
            new DataSubjectRequestFilter
            {
                States = [DataSubjectRequestState.Received, DataSubjectRequestState.Verified, DataSubjectRequestState.InProgress],
                DueOnOrBefore = horizon,
            },
            cancellationToken).ConfigureAwait(false);
        var pastDue = open.Where(r => r.DueAtUtc <= now).ToArray();
        var nearDue = open.Where(r => r.DueAtUtc > now && r.DueAtUtc <= now + settings.NearDueWindow).ToArray();
        foreach (var request in pastDue)
        {
            LogPastDue(_logger, request.Id, request.Right, request.State, request.DueOn);
        }

        foreach (var request in nearDue)
        {
            LogNearDue(_logger, request.Id, request.Right, request.State, request.DueOn);
        }

        var report = new RequestDeadlineReport(now, pastDue, nearDue);
        _last = report;
        if (pastDue.Length + nearDue.Length > 0)
        {
            RequestsDue?.Invoke(this, report);
        }

        return report;
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> Observe()
    {
        var last = _last;
        if (last is null)
        {
            return [];
        }

        return
        [
            new Measurement<int>(last.PastDue.Count, new KeyValuePair<string, object?>("status", "past_due")),
            new Measurement<int>(last.NearDue.Count, new KeyValuePair<string, object?>("status", "near_due")),
        ];
    }

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Data-subject request {RequestId} ({Right}, {State}) is past its due day {DueOn} (Art. 12(3))")]
    private static partial void LogPastDue(ILogger logger, Guid requestId, DataSubjectRight right, DataSubjectRequestState state, DateOnly dueOn);

    [LoggerMessage(EventId = 511, Level = LogLevel.Information, Message = "Data-subject request {RequestId} ({Right}, {State}) is due on {DueOn}")]
    private static partial void LogNearDue(ILogger logger, Guid requestId, DataSubjectRight right, DataSubjectRequestState state, DateOnly dueOn);
}

/// <summary>The result of a deadline check.</summary>
/// <param name="CheckedAt">When the check ran.</param>
/// <param name="PastDue">Open requests whose due day has ended.</param>
/// <param name="NearDue">Open requests due within <see cref="DataSubjectRequestOptions.NearDueWindow"/>.</param>
public sealed record RequestDeadlineReport(DateTimeOffset CheckedAt, IReadOnlyList<DataSubjectRequestInfo> PastDue, IReadOnlyList<DataSubjectRequestInfo> NearDue);

/// <summary>Runs <see cref="RequestDeadlineMonitor.CheckAsync"/> on a schedule.</summary>
internal sealed partial class RequestDeadlineService(RequestDeadlineMonitor monitor, TimeProvider time, IOptions<DataSubjectRequestOptions> options, ILogger<RequestDeadlineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.MonitorInitialDelay, time, stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.Value.MonitorInterval, time);
            do
            {
                try
                {
                    await monitor.CheckAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failed check (the database restarting) must not stop the monitor; the next tick tries again.
                    LogCheckFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 512, Level = LogLevel.Error, Message = "Data-subject request deadline check failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
