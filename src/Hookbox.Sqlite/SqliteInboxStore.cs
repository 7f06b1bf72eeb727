using System.Data.Common;
using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookbox.Sqlite;

/// <summary>
/// The embedded inbox: one SQLite file in WAL mode. One connection writes, driven by the
/// group-commit writer; a batch is answered only once a sync of the WAL has put it on disk, so it
/// survives power loss, and the next batch is written while that sync runs
/// (<see cref="SqliteWalSync"/>). Queries read on their own pooled connections beside it.
/// </summary>
public sealed partial class SqliteInboxStore : IInboxStore, IReplayableStore, IAsyncDisposable
{
    private static readonly InboxSql Sql = new(SqliteDialect.Instance);

    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly int _rejectionLogCapacity;
    private readonly int _rejectionLogPerSource;
    private readonly long _rejectionLogMaxBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteCheckpointer _checkpointer;
    private readonly string _dataDirectory;
    private readonly ILogger _logger;
    private SqliteWriter? _writer;
    private SqliteInboxLock? _fileLock;
    private int _started;
    private int _disposed;

    /// <summary>Creates the store over the file the options name (not opened until used).</summary>
    public SqliteInboxStore(
        IOptions<SqliteStoreOptions> storeOptions,
        IOptions<HookboxOptions> hookboxOptions,
        TimeProvider timeProvider,
        ILogger<SqliteInboxStore> logger)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(hookboxOptions);
        var hookbox = hookboxOptions.Value;
        _path = storeOptions.Value.ResolveDatabasePath(hookbox);
        _rejectionLogCapacity = hookbox.Ingest.RejectionLogCapacity;
        _rejectionLogPerSource = hookbox.Ingest.RejectionLogPerSource;
        _rejectionLogMaxBytes = hookbox.Ingest.RejectionLogMaxBytes;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _busyTimeout = storeOptions.Value.BusyTimeout;
        _writerConnectionString = new SqliteConnectionStringBuilder(_connectionString)
        {
            // Its own connection, not the pool's: dropped after a failure, closed on dispose.
            Pooling = false,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds pass; SQLite's
            // own busy handler (set by the writer) waits first, without the provider's 150 ms naps.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_busyTimeout.TotalSeconds)),
        }.ToString();
        _checkpointer = new SqliteCheckpointer(_connectionString, timeProvider, logger);
        _dataDirectory = Path.GetFullPath(hookbox.DataDirectory);
        _logger = logger;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _path;

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SecureFiles();

        // Held until disposed, so that `hookbox restore` (and a second Hookbox) can tell the
        // inbox is open; taken before the schema is touched.
        _fileLock ??= SqliteInboxLock.Acquire(_path,
            "one SQLite inbox takes one Hookbox: stop the other one, or run several instances on PostgreSQL (see Scaling out in the README)");
        using (var connection = Open())
            SqliteSchema.Migrate(connection);

        if (Interlocked.Exchange(ref _started, 1) == 0)
            _checkpointer.Start();

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ProbeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_schema";
        command.ExecuteScalar();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The container disposes this once per service it is registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _checkpointer.DisposeAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        // Readers' pooled connections keep the file open otherwise.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);

        // Last: the inbox is closed only once every connection is.
        _fileLock?.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs <paramref name="read"/> over <paramref name="statement"/>'s rows on a read connection of the pool, beside the writer.</summary>
    private async Task<T> ReadAsync<T>(SqlStatement statement, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await InboxReads.QueryAsync(connection, null, statement, read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One transaction on the one write connection, taken in turn by appends, leases, outcomes,
    /// prunes and replays, so SQLite never sees two writers; dropped after a failure, so the next
    /// opens afresh. A durable write (appends, admin changes) returns once its commit is on disk:
    /// the sync is awaited after the write lock is released, so the next transaction is written
    /// while this one syncs (<see cref="SqliteWalSync"/>). Leases, outcomes and prunes need no
    /// sync of their own: a crash loses at most a lease, an outcome (the delivery runs again) or
    /// a prune (done again at the next pass), and the next sync covers them anyway.
    /// </summary>
    private async Task<T> WriteAsync<T>(bool durable, Func<SqliteWriter, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        T result;
        Task? synced = null;
        SqliteWriter? syncing = null;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= new SqliteWriter(_writerConnectionString, _busyTimeout);
            try
            {
                using (var transaction = _writer.Begin())
                {
                    result = await write(_writer, transaction).ConfigureAwait(false);
                    transaction.Commit();
                }

                _checkpointer.Committed();
                if (durable)
                    (synced, syncing) = (_writer.SyncAsync(), _writer);
            }
            catch
            {
                _writer.Dispose();
                _writer = null;
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        if (synced is not null)
        {
            try
            {
                await synced.ConfigureAwait(false);
            }
            catch
            {
                // As after a failed commit: the next write opens the writer, and its WAL, afresh.
                await DropWriterAsync(syncing!).ConfigureAwait(false);
                throw;
            }
        }

        return result;
    }

    /// <summary>The WAL syncs of the current writer, for tests.</summary>
    internal long WalSyncs => _writer?.Syncs ?? 0;

    /// <summary>Drops <paramref name="writer"/> if it is still the store's writer.</summary>
    private async Task DropWriterAsync(SqliteWriter writer)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_writer, writer))
            {
                _writer.Dispose();
                _writer = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="statements"/> in order in the writer's transaction.</summary>
    private static async Task ExecuteAsync(SqliteWriter writer, SqliteTransaction transaction, IEnumerable<SqlStatement> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
            await InboxReads.ExecuteAsync(writer.Connection, transaction, statement, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Payloads carry customers' names and emails: a new inbox's directory and file are their
    /// owner's alone. SQLite gives the -wal and -shm files the database file's permissions, so
    /// the file is created here, empty (which SQLite takes as a new database), before it opens it.
    /// An existing file that others can read is reported and tightened (<see cref="SqliteFilePermissions"/>).
    /// </summary>
    private void SecureFiles()
    {
        if (OperatingSystem.IsWindows())
            return;

        if (File.Exists(_path))
        {
            // The data directory is Hookbox's own; a file kept elsewhere (a connection string's
            // path) may sit in a directory others share, such as /tmp, which is left alone.
            SqliteFilePermissions.Tighten(_path, tightenDirectory: IsInDataDirectory(), _logger);
            return;
        }

        var directory = Path.GetDirectoryName(_path)!; // a full path always has a directory
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var file = new FileStream(_path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    private bool IsInDataDirectory() =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(_path)!), Path.TrimEndingDirectorySeparator(_dataDirectory), StringComparison.Ordinal);
}
