using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Runs <see cref="IRetentionEnforcer.SweepAsync"/> on a schedule (<see cref="ErasureOptions.RetentionInterval"/>, after
/// <see cref="ErasureOptions.RetentionInitialDelay"/>). Any number of instances may run it against one database. A failed
/// sweep is logged and retried at the next tick; it never stops the host.
/// </summary>
internal sealed partial class RetentionSweepService(
    IRetentionEnforcer enforcer,
    IOptions<ErasureOptions> options,
    TimeProvider time,
    ILogger<RetentionSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"ErasureOptions.RetentionInterval is {settings.RetentionInterval}; it must be positive.");
        }

        try
        {
            if (settings.RetentionInitialDelay > TimeSpan.Zero)
            {
                await Task.Delay(settings.RetentionInitialDelay, time, stoppingToken).ConfigureAwait(false);
            }

            using var timer = new PeriodicTimer(settings.RetentionInterval, time);
            do
            {
                try
                {
                    await enforcer.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(EventId = 231, Level = LogLevel.Error, Message = "Retention sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
