using Npgsql;

namespace Hookbox.PostgreSql;

// The lease is one row per source that every instance's look competes for with one upsert;
// the runs are a short history per source, trimmed as each one is recorded.
public sealed partial class PostgreSqlInboxStore
{
    private const int KeptCatchUpRuns = 100;

    /// <summary>The columns <see cref="ReadRun"/> reads.</summary>
    private const string RunColumns = "source, started_at, finished_at, window_start, window_end, seen, present, recovered, malformed, error, trigger";

    /// <summary>A look that completed: <see cref="CatchUpRun.Completed"/>, in SQL.</summary>
    private const string RunCompleted = "finished_at IS NOT NULL AND error IS NULL";

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        FindKeysAsync(
            $"SELECT event_id FROM {_schema}.events WHERE source = $2 AND event_id = ANY($1)",
            eventIds, cancellationToken, source);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken) =>
        FindKeysAsync(
            $"SELECT DISTINCT subject FROM {_schema}.events WHERE subject = ANY($1) AND source = $2 AND type = $3",
            subjects, cancellationToken, source, eventType);

    /// <summary>Which of <paramref name="keys"/> (the array <c>$1</c>) the query returns; the other parameters follow it.</summary>
    private Task<IReadOnlySet<string>> FindKeysAsync(string sql, IReadOnlyCollection<string> keys, CancellationToken cancellationToken, params object[] parameters)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

        object[] values = [keys.ToArray(), .. parameters];
        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, sql, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                found.Add(reader.GetString(0));

            return (IReadOnlySet<string>)found;
        });
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        // One statement, so two instances racing for a free lease cannot both take it: the
        // upsert changes no row when the lease is another holder's and still running.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var acquire = Command(connection,
            $"""
            INSERT INTO {_schema}.catchup_leases AS l (source, holder, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (source) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE l.holder = EXCLUDED.holder OR l.expires_at < $4
            """,
            source, holder, until.ToUniversalTime(), now.ToUniversalTime());
        return await acquire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    });

    /// <inheritdoc />
    public Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var release = Command(connection, $"DELETE FROM {_schema}.catchup_leases WHERE source = $1 AND holder = $2", source, holder);
        await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    });

    /// <inheritdoc />
    public Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(async () =>
        {
            // One round trip, one implicit transaction. Run twice after a lost answer, it lists the
            // look twice: a line too many in a history, never a wrong cursor.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(BatchCommand(
                $"INSERT INTO {_schema}.catchup_runs ({RunColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                run.Source, run.StartedAt.ToUniversalTime(), run.FinishedAt?.ToUniversalTime(), run.WindowStart.ToUniversalTime(), run.WindowEnd.ToUniversalTime(),
                run.Seen, run.Present, run.Recovered, run.Malformed, run.Error, run.Trigger));

            // Everything of the source's from the first run past the kept ones down: nothing while there are fewer.
            batch.BatchCommands.Add(BatchCommand(
                $"""
                DELETE FROM {_schema}.catchup_runs WHERE source = $1 AND seq <= (
                    SELECT seq FROM {_schema}.catchup_runs WHERE source = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)
                """,
                run.Source, KeptCatchUpRuns));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection,
                $"SELECT {RunColumns} FROM {_schema}.catchup_runs WHERE source = $1 ORDER BY seq DESC LIMIT $2",
                source, limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var runs = new List<CatchUpRun>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                runs.Add(ReadRun(reader));

            return (IReadOnlyList<CatchUpRun>)runs;
        });
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT MAX(window_end) FROM {_schema}.catchup_runs WHERE source = $1 AND {RunCompleted}", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // an aggregate always has a row
        return reader.IsDBNull(0) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(0);
    });

    /// <summary>A run from the <see cref="RunColumns"/>.</summary>
    private static CatchUpRun ReadRun(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetFieldValue<DateTimeOffset>(1),
        reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetString(10));
}
