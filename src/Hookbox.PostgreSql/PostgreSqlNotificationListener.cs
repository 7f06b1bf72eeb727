using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// LISTENs on the inbox's channel and wakes this instance's dispatcher when any instance
/// commits deliveries, so an event received by one instance goes out within milliseconds from
/// whichever has a free slot. When the connection drops it reconnects with a growing pause, and
/// wakes the dispatcher once reconnected for whatever it missed meanwhile.
/// </summary>
internal sealed partial class PostgreSqlNotificationListener(
    PostgreSqlInboxStore store,
    IDispatchWakeUp signal,
    TimeProvider timeProvider,
    ILogger<PostgreSqlNotificationListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    // A silent connection is checked this often: a server that vanished without closing the
    // socket would otherwise leave the listener waiting for ever.
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => pause = FirstPause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop's boundary: whatever broke the listening connection, polling carries
                // on and the listener tries again; it must never take the host down with it.
                Log.ListenFailed(logger, store.Channel, pause.TotalSeconds, ex);
            }

            await Task.Delay(pause, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = await store.OpenListenerConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += (_, _) => signal.Ring();
        await using (var listen = new NpgsqlCommand($"LISTEN {store.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);

        connected();
        signal.Ring();
        Log.Listening(logger, store.Channel);
        while (true)
        {
            if (await connection.WaitAsync(CheckEvery, stoppingToken).ConfigureAwait(false))
                continue;

            await using var check = new NpgsqlCommand("SELECT 1", connection);
            await check.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = PostgreSqlLogEventIds.Listening, Level = LogLevel.Debug, Message = "Listening on PostgreSQL channel {Channel} for new deliveries")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(EventId = PostgreSqlLogEventIds.ListenFailed, Level = LogLevel.Warning, Message = "Lost PostgreSQL channel {Channel}; new deliveries are found by polling until it is back, trying again in {PauseSeconds} s")]
        public static partial void ListenFailed(ILogger logger, string channel, double pauseSeconds, Exception exception);
    }
}
