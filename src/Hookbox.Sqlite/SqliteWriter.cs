using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>
/// The store's one write connection, its prepared statements, reused batch after batch, and the
/// sync that makes its commits durable (<see cref="SqliteWalSync"/>). Dropped after a failed
/// transaction, so the next batch opens a new connection.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private const int BackstopCheckpointPages = 10_000;
    private const long WalSizeLimitBytes = 64L * 1024 * 1024;

    private readonly SqliteConnection _connection;
    private readonly SqliteWalSync _walSync;

    public SqliteWriter(string connectionString, TimeSpan busyTimeout)
    {
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            Configure(busyTimeout);

            // Every lease, outcome and routing statement runs on this connection, over and over.
            PreparedStatements.Keep(_connection);

            // A read opens the WAL file (SQLite creates it with the first connection in WAL mode).
            using (var read = _connection.CreateCommand())
            {
                read.CommandText = "SELECT COUNT(*) FROM sqlite_master;";
                read.ExecuteScalar();
            }

            _walSync = new SqliteWalSync(_connection.DataSource);

            InsertEvent = new SqliteEventInsert(_connection);
            FindEvent = Prepare("SELECT id FROM events WHERE source = @source AND event_id = @event_id", "source", "event_id");

            // Its own event id first: a copy of a stored event is a duplicate of it, as any other.
            // A null catch-up id or digest matches nothing.
            FindStoredCopy = Prepare(
                """
                SELECT COALESCE(
                    (SELECT id FROM events WHERE source = @source AND event_id = @event_id),
                    (SELECT id FROM events WHERE source = @source AND event_id = @catch_up_id),
                    (SELECT id FROM events WHERE source = @source AND body_sha256 = @body_sha256))
                """,
                "source", "event_id", "catch_up_id", "body_sha256");
            InsertRejection = Prepare(
                $"""
                INSERT INTO rejections ({InboxColumns.List(InboxColumns.Rejection)})
                VALUES ({string.Join(", ", InboxColumns.RejectionInsert.Select(c => "@" + c.Name))})
                """,
                [.. InboxColumns.RejectionInsert.Select(c => c.Name)]);
        }
        catch
        {
            // Disposing the connection finalizes whichever commands were prepared; the insert is SQLite's own.
            InsertEvent?.Dispose();
            _walSync?.Dispose();
            PreparedStatements.Forget(_connection);
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The connection, which the store runs its shared statements on (and tests check the settings of).</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>Inserts an event, returning its sequence; nothing when its (source, event id) is stored.</summary>
    public SqliteEventInsert InsertEvent { get; }

    public SqliteCommand FindEvent { get; }

    /// <summary>The id of the event stored under an event's own id, else under its catch-up id, else with its body digest; null when none is.</summary>
    public SqliteCommand FindStoredCopy { get; }

    public SqliteCommand InsertRejection { get; }


    /// <summary>Completes once every commit made before this call is on disk (see <see cref="SqliteWalSync"/>).</summary>
    public Task SyncAsync() => _walSync.SyncAsync();

    /// <summary>WAL syncs done, for tests.</summary>
    internal long Syncs => _walSync.Syncs;

    public SqliteTransaction Begin()
    {
        var transaction = _connection.BeginTransaction();
        FindEvent.Transaction = transaction;
        FindStoredCopy.Transaction = transaction;
        InsertRejection.Transaction = transaction;
        return transaction;
    }

    public void Dispose()
    {
        InsertEvent.Dispose();
        FindEvent.Dispose();
        FindStoredCopy.Dispose();
        InsertRejection.Dispose();

        // Its last sync first: commits waiting for one get it before the file is let go.
        _walSync.Dispose();
        PreparedStatements.Forget(_connection);
        _connection.Dispose();
    }

    private void Configure(TimeSpan busyTimeout)
    {
        // NORMAL: a commit is written to the WAL without an fsync of its own. Leases, outcomes and
        // prunes need none (a crash loses at most a lease, an outcome or a prune, done again);
        // appends and admin writes wait for SqliteWalSync, so an answered event survives power
        // loss, not only a crash of the process, and the next batch is written meanwhile.
        // Checkpoints are SqliteCheckpointer's job; the writer's own is a backstop, at 40 MB.
        // secure_delete: every delete, prune and erasure goes through this connection, and with it
        // SQLite zeroes the freed bytes instead of leaving a customer's payload in free pages.
        using var pragma = _connection.CreateCommand();
        pragma.CommandText =
            $"PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON; PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; " +
            $"PRAGMA wal_autocheckpoint = {BackstopCheckpointPages}; PRAGMA journal_size_limit = {WalSizeLimitBytes};";
        pragma.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = "@" + name });

        command.Prepare();
        return command;
    }
}
