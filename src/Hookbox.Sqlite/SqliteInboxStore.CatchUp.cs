using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

// Questions are asked on read connections, beside the writer. Leases and runs go through the
// one write connection like every other write, without an fsync of their own: only a power cut
// loses such a commit, and then the lease's holder is gone with it, and a lost run only makes
// the next look cover its window again.
public sealed partial class SqliteInboxStore
{
    private const int KeptCatchUpRuns = 100;

    /// <summary>The columns <see cref="ReadRun"/> reads.</summary>
    private const string RunColumns = "source, started_at, finished_at, window_start, window_end, seen, present, recovered, malformed, error, trigger";

    /// <summary>A look that completed: <see cref="CatchUpRun.Completed"/>, in SQL.</summary>
    private const string RunCompleted = "finished_at IS NOT NULL AND error IS NULL";

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredEventIdsAsync(string source, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        FindKeysAsync(
            "SELECT event_id FROM events WHERE source = $source AND event_id IN (SELECT value FROM json_each($keys))",
            eventIds, cancellationToken, ("$source", source));

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindStoredSubjectsAsync(string source, string eventType, IReadOnlyCollection<string> subjects, CancellationToken cancellationToken) =>
        FindKeysAsync(
            "SELECT DISTINCT subject FROM events WHERE subject IN (SELECT value FROM json_each($keys)) AND source = $source AND type = $type",
            subjects, cancellationToken, ("$source", source), ("$type", eventType));

    /// <summary>
    /// Which of <paramref name="keys"/> the query (over <c>$keys</c>, a JSON array) returns. One
    /// JSON parameter rather than one parameter per key: a look asks about hundreds at a time.
    /// </summary>
    private Task<IReadOnlySet<string>> FindKeysAsync(string sql, IReadOnlyCollection<string> keys, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
            return Task.FromResult<IReadOnlySet<string>>(found);

        using var connection = Open();
        using var command = Command(connection, null, sql, [.. parameters, ("$keys", JsonSerializer.Serialize(keys))]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            found.Add(reader.GetString(0));

        return Task.FromResult<IReadOnlySet<string>>(found);
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireCatchUpAsync(string source, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // The upsert changes no row when the lease is another holder's and still running.
            using var acquire = Command(writer.Connection, transaction,
                """
                INSERT INTO catchup_leases (source, holder, expires_at) VALUES ($source, $holder, $until)
                ON CONFLICT (source) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE catchup_leases.holder = excluded.holder OR catchup_leases.expires_at < $now
                """,
                ("$source", source), ("$holder", holder), ("$until", until.ToUnixTimeMilliseconds()), ("$now", now.ToUnixTimeMilliseconds()));
            return acquire.ExecuteNonQuery() == 1;
        });
    }

    /// <inheritdoc />
    public Task ReleaseCatchUpAsync(string source, string holder, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            using var release = Command(writer.Connection, transaction,
                "DELETE FROM catchup_leases WHERE source = $source AND holder = $holder",
                ("$source", source), ("$holder", holder));
            return release.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public Task RecordCatchUpRunAsync(CatchUpRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            using (var insert = Command(writer.Connection, transaction,
                       $"""
                       INSERT INTO catchup_runs ({RunColumns})
                       VALUES ($source, $started_at, $finished_at, $window_start, $window_end, $seen, $present, $recovered, $malformed, $error, $trigger)
                       """,
                       ("$source", run.Source), ("$started_at", run.StartedAt.ToUnixTimeMilliseconds()),
                       ("$finished_at", run.FinishedAt is { } finished ? finished.ToUnixTimeMilliseconds() : DBNull.Value),
                       ("$window_start", run.WindowStart.ToUnixTimeMilliseconds()), ("$window_end", run.WindowEnd.ToUnixTimeMilliseconds()),
                       ("$seen", run.Seen), ("$present", run.Present), ("$recovered", run.Recovered), ("$malformed", run.Malformed),
                       ("$error", (object?)run.Error ?? DBNull.Value), ("$trigger", run.Trigger)))
            {
                insert.ExecuteNonQuery();
            }

            // Everything of the source's from the first run past the kept ones down: nothing while there are fewer.
            using var trim = Command(writer.Connection, transaction,
                """
                DELETE FROM catchup_runs WHERE source = $source AND seq <= (
                    SELECT seq FROM catchup_runs WHERE source = $source ORDER BY seq DESC LIMIT 1 OFFSET $kept)
                """,
                ("$source", run.Source), ("$kept", KeptCatchUpRuns));
            return trim.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatchUpRun>> ListCatchUpRunsAsync(string source, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = Command(connection, null,
            $"SELECT {RunColumns} FROM catchup_runs WHERE source = $source ORDER BY seq DESC LIMIT $limit",
            ("$source", source), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var runs = new List<CatchUpRun>();
        while (reader.Read())
            runs.Add(ReadRun(reader));

        return Task.FromResult<IReadOnlyList<CatchUpRun>>(runs);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetCatchUpCursorAsync(string source, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = Command(connection, null,
            $"SELECT MAX(window_end) FROM catchup_runs WHERE source = $source AND {RunCompleted}",
            ("$source", source));
        return Task.FromResult<DateTimeOffset?>(command.ExecuteScalar() is long end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null);
    }

    /// <summary>A run from the <see cref="RunColumns"/>.</summary>
    private static CatchUpRun ReadRun(SqliteDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetString(10));
}
