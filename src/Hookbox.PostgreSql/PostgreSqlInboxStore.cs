using System.Data;
using System.Data.Common;
using Hookbox.Storage.Relational;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// The shared inbox: one PostgreSQL schema that any number of Hookbox instances write to and
/// dispatch from. Each instance's group-commit writer sends a whole batch as one statement in
/// one round trip and one commit; deliveries are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so
/// instances never hand out the same lease; a commit that brings deliveries NOTIFYs every instance.
/// </summary>
public sealed partial class PostgreSqlInboxStore : IInboxStore, IReplayableStore, IAsyncDisposable
{
    // Background and admin work that may read much (the dashboard's day of events, a retention
    // batch of large bodies, the orphan sweep) gets longer than the ingest path's few seconds.
    private const int LongCommandTimeoutSeconds = 60;

    private readonly NpgsqlDataSource _dataSource;

    // The notification listener's: it holds one connection LISTENing for as long as it runs.
    // Pooled connections are not reset at reuse (PostgreSqlStoreSettings), so one that went back
    // to the pool would still be listening; this one is closed instead.
    private readonly NpgsqlDataSource _listenerSource;
    private readonly int _rejectionLogCapacity;
    private readonly int _rejectionLogPerSource;
    private readonly long _rejectionLogMaxBytes;
    private readonly string _schemaName;

    // The schema's name quoted for SQL: every statement names its tables through it.
    private readonly string _schema;
    private readonly string _channel;
    private readonly InboxSql _sql;
    private readonly PostgreSqlEventInsert _eventInsert;
    private readonly string _rejectionInsert;
    private int _disposed;

    /// <summary>Creates the store over the database the options name (not connected until used).</summary>
    public PostgreSqlInboxStore(IOptions<PostgreSqlStoreOptions> storeOptions, IOptions<HookboxOptions> hookboxOptions)
    {
        ArgumentNullException.ThrowIfNull(storeOptions);
        ArgumentNullException.ThrowIfNull(hookboxOptions);
        var settings = PostgreSqlStoreSettings.Resolve(storeOptions.Value, hookboxOptions.Value, out var errors);
        if (errors.Count > 0)
            throw new OptionsValidationException(nameof(PostgreSqlStoreOptions), typeof(PostgreSqlStoreOptions), errors);

        _schemaName = settings.Schema;
        _schema = PostgreSqlSchema.Quote(settings.Schema);
        _channel = settings.Channel;
        _sql = new InboxSql(new PostgreSqlDialect(_schema));
        _eventInsert = new PostgreSqlEventInsert(_schema, _sql);
        _rejectionInsert = RejectionInsert(_schema);
        _rejectionLogCapacity = hookboxOptions.Value.Ingest.RejectionLogCapacity;
        _rejectionLogPerSource = hookboxOptions.Value.Ingest.RejectionLogPerSource;
        _rejectionLogMaxBytes = hookboxOptions.Value.Ingest.RejectionLogMaxBytes;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        _listenerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
    }

    /// <summary>The schema that holds the inbox.</summary>
    public string Schema => _schemaName;

    /// <summary>Where the inbox is, for people: server, database and schema, never the password.</summary>
    public string Description
    {
        get
        {
            var connection = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
            return $"PostgreSQL {connection.Host}:{connection.Port}, database {connection.Database ?? connection.Username}, schema {_schemaName}";
        }
    }

    /// <summary>The channel every commit that brings due deliveries NOTIFYs.</summary>
    internal string Channel => _channel;

    /// <summary>The pool every statement takes its connection from; for tests (the listener has its own).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>A connection of its own for the notification listener, closed (not pooled) when disposed.</summary>
    internal ValueTask<NpgsqlConnection> OpenListenerConnectionAsync(CancellationToken cancellationToken) =>
        _listenerSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync(() => PostgreSqlSchema.MigrateAsync(_dataSource, _schemaName, cancellationToken));

    /// <inheritdoc />
    public Task ProbeAsync(CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The container disposes this once per service it is registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        await _listenerSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(Func<Task> work) => await RunAsync(async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    /// <summary>
    /// Runs <paramref name="work"/>. When the connection broke (the server restarted or failed
    /// over), the pool's other idle connections broke with it: they are dropped, and the work
    /// runs once more on a fresh one, so the first caller after a restart is not the one to
    /// fail. Every store operation may run twice: inserts are idempotent by their keys, outcomes
    /// by their lease, and a lease whose answer was lost only expires and runs again.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (IsConnectionLost(ex))
        {
            _dataSource.Clear();
            if (!IsConnectionBroken(ex))
                throw;
        }

        return await work().ConfigureAwait(false);
    }

    /// <summary>
    /// The connection itself failed or timed out: the network, or the server stopping or
    /// restarting. Not a deadlock or a serialization failure, after which the pool's
    /// connections are still good.
    /// </summary>
    private static bool IsConnectionLost(NpgsqlException exception) => exception is PostgresException postgres
        ? postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        : exception.IsTransient;

    /// <summary>Lost, but not by a timeout: trying again at once can only help when the wait was not the problem.</summary>
    private static bool IsConnectionBroken(NpgsqlException exception) =>
        exception is PostgresException || exception.InnerException is not TimeoutException;

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) => await RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        var result = await work(connection).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }).ConfigureAwait(false);

    /// <summary>Runs <paramref name="read"/> over <paramref name="statement"/>'s rows on a connection of the pool.</summary>
    private Task<T> ReadAsync<T>(SqlStatement statement, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken, int? timeoutSeconds = null) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = statement.ApplyTo(connection.CreateCommand());
        command.CommandTimeout = timeoutSeconds ?? command.CommandTimeout;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await read(reader).ConfigureAwait(false);
    });

    /// <summary>
    /// Runs <paramref name="statements"/> in one round trip: in the caller's transaction, or else
    /// in one implicit transaction of their own.
    /// </summary>
    private static async Task ExecuteAsync(NpgsqlConnection connection, IEnumerable<SqlStatement> statements, CancellationToken cancellationToken, int? timeoutSeconds = null)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.Timeout = timeoutSeconds ?? batch.Timeout;
        foreach (var statement in statements)
            batch.BatchCommands.Add(statement.ApplyToBatch(new NpgsqlBatchCommand()));

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wakes every instance's dispatcher when the transaction commits (or at once, outside one).</summary>
    private SqlStatement Notify() => new SqlStatement("SELECT pg_notify(@channel, '')").With("channel", _channel);
}
