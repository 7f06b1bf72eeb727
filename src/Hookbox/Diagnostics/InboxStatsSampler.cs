using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// Reads the inbox's stats every <c>Metrics:SampleInterval</c> for <see cref="InboxGauges"/>, and
/// only while something listens to them. A failed reading (the store is down) clears the gauges
/// and is logged once per outage; the next good reading restores them.
/// </summary>
internal sealed partial class InboxStatsSampler(
    IInboxStats stats,
    InboxGauges gauges,
    IOptions<HookboxOptions> options,
    TimeProvider timeProvider,
    ILogger<InboxStatsSampler> logger) : BackgroundService
{
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Metrics.SampleInterval, timeProvider);
        try
        {
            // The first reading at once, so the gauges appear with the first scrape after start.
            do
            {
                if (gauges.Observed)
                    await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Takes one reading into the gauges, or clears them if the store cannot give one.</summary>
    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            gauges.Update(await stats.GetDispatchStatsAsync(timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false));
            if (_failing)
            {
                _failing = false;
                Log.Recovered(logger);
            }
        }
        catch (Exception ex)
        {
            // Stopping: whatever the store threw on the way out is not an outage.
            if (cancellationToken.IsCancellationRequested)
                return;

            // The loop's boundary: the store may be down. No numbers rather than stale ones: a
            // backlog frozen at its last value would read as "all is well" through an outage.
            gauges.Clear();
            if (_failing)
            {
                Log.StillFailing(logger, ex.Message);
                return;
            }

            _failing = true;
            Log.Failed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Stats.Failed, Level = LogLevel.Warning, Message = "Reading the inbox's stats for the metrics failed; the backlog, oldest-pending and dead gauges are left out until a reading succeeds")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = LogEventIds.Stats.StillFailing, Level = LogLevel.Debug, Message = "Reading the inbox's stats for the metrics failed again: {Error}")]
        public static partial void StillFailing(ILogger logger, string error);

        [LoggerMessage(EventId = LogEventIds.Stats.Recovered, Level = LogLevel.Information, Message = "Reading the inbox's stats for the metrics works again; the gauges are back")]
        public static partial void Recovered(ILogger logger);
    }
}
