using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hookbox.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on its own connection, off the commit path. Left
/// to SQLite, the commit that crosses the WAL's size limit does the checkpoint itself, and the
/// requests waiting on that commit pay for copying megabytes: the p99 spike of a naive setup.
/// A passive checkpoint never blocks the writer; the writer keeps a far larger automatic
/// checkpoint as a backstop in case this one falls behind.
/// </summary>
internal sealed partial class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>How often the WAL is checkpointed while events arrive.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private long _commits;
    private Task _loop = Task.CompletedTask;

    public SqliteCheckpointer(string connectionString, TimeProvider timeProvider, ILogger logger)
    {
        _connectionString = connectionString;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Tells the checkpointer there is something to copy.</summary>
    public void Committed() => Interlocked.Increment(ref _commits);

    /// <summary>Starts the loop; the first checkpoint is due one interval from now.</summary>
    public void Start()
    {
        var timer = new PeriodicTimer(Interval, _timeProvider);
        _loop = Task.Run(() => RunAsync(timer));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(PeriodicTimer timer)
    {
        using var ticks = timer;
        long checkpointed = 0;
        try
        {
            while (await ticks.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var commits = Interlocked.Read(ref _commits);
                if (commits == checkpointed)
                    continue;

                checkpointed = commits;
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the store is closing.
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                // busy, log (frames in the WAL), checkpointed (frames copied)
                var frames = reader.GetInt64(1);
                var copied = reader.GetInt64(2);
                Log.Checkpointed(_logger, frames, copied);
            }
        }
        catch (Exception ex)
        {
            // The loop's boundary: the next tick tries again, and the writer's backstop still holds.
            Log.CheckpointFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Sqlite.Checkpointed, Level = LogLevel.Debug, Message = "Checkpointed {Checkpointed} of {Frames} WAL frames")]
        public static partial void Checkpointed(ILogger logger, long frames, long checkpointed);

        [LoggerMessage(EventId = LogEventIds.Sqlite.CheckpointFailed, Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying at the next interval")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
