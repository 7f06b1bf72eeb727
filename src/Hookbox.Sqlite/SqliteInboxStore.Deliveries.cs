using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

// Leases, outcomes and replays go through the one write connection, as appends do, so SQLite
// never sees two writers; they commit without an fsync of their own (see SqliteWriter.Relaxed).
public sealed partial class SqliteInboxStore
{
    private const string Due = "status IN ('pending', 'retrying')";

    /// <inheritdoc />
    public Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, int max, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = now.ToUnixTimeMilliseconds();

        // Candidates are found on a read connection, beside the writer: the query and its
        // ordering check never hold up the group commits that answer senders.
        List<long> due;
        using (var reader = Open())
        {
            due = Sequences(reader, null,
                $"""
                SELECT d.event_seq FROM deliveries d
                WHERE d.route = $route AND d.{Due} AND d.next_attempt_at <= $now
                  AND (d.order_key IS NULL OR NOT EXISTS (
                      SELECT 1 FROM deliveries e
                      WHERE e.route = d.route AND e.order_key = d.order_key AND e.event_seq < d.event_seq
                        AND e.order_key IS NOT NULL AND e.{Due}))
                ORDER BY d.next_attempt_at, d.event_seq
                LIMIT $max
                """,
                ("$route", route), ("$now", nowMs), ("$max", max));
        }

        var leaseId = Guid.NewGuid().ToString("N");
        var attempts = Write(durable: false, (writer, transaction) =>
        {
            // Leases that expired past the last allowed attempt and its one grace run: those
            // attempts never reported back. Only leased rows can be such, and the small
            // deliveries_leased index holds just them.
            var exhausted = Sequences(writer.Connection, transaction,
                $"""
                UPDATE deliveries SET status = 'dead', lease_id = NULL,
                    last_error = 'the last attempt did not finish: its process stopped or it outlived its lease'
                WHERE route = $route AND lease_id IS NOT NULL AND next_attempt_at <= $now AND {Due} AND attempts > $max_attempts
                RETURNING event_seq
                """,
                ("$route", route), ("$now", nowMs), ("$max_attempts", maxAttempts));
            foreach (var sequence in exhausted)
                UpdateStatus(writer, sequence);

            // Claimed only if still due, and still first of its key: completed, swept, or behind a
            // predecessor replayed since it was read, it is skipped.
            var claimed = new Dictionary<long, int>(due.Count);
            using var lease = Command(writer.Connection, transaction,
                $"""
                UPDATE deliveries AS d SET attempts = attempts + 1, next_attempt_at = $until, lease_id = $lease
                WHERE d.event_seq = $seq AND d.route = $route AND d.{Due} AND d.next_attempt_at <= $now
                  AND (d.order_key IS NULL OR NOT EXISTS (
                      SELECT 1 FROM deliveries e
                      WHERE e.route = d.route AND e.order_key = d.order_key AND e.event_seq < d.event_seq
                        AND e.order_key IS NOT NULL AND e.{Due}))
                RETURNING attempts
                """,
                ("$until", leaseUntil.ToUnixTimeMilliseconds()), ("$lease", leaseId), ("$route", route), ("$now", nowMs), ("$seq", 0L));
            foreach (var sequence in due)
            {
                lease.Parameters["$seq"].Value = sequence;
                if (lease.ExecuteScalar() is long attempt)
                    claimed[sequence] = (int)attempt;
            }

            return claimed;
        });

        if (attempts.Count == 0)
            return Task.FromResult<IReadOnlyList<LeasedDelivery>>([]);

        // The events are read after the write lock is released: bodies can be large.
        using var connection = Open();
        var leased = new List<LeasedDelivery>(attempts.Count);
        foreach (var (sequence, stored) in LoadEvents(connection, null, [.. attempts.Keys]))
            leased.Add(new LeasedDelivery(sequence, route, attempts[sequence], leaseId, stored));

        return Task.FromResult<IReadOnlyList<LeasedDelivery>>(leased);
    }

    /// <inheritdoc />
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // A pending outcome releases a stopped attempt's lease: it does not count as an attempt.
            using var complete = Command(writer.Connection, transaction,
                """
                UPDATE deliveries SET status = CASE WHEN $status = 'pending' THEN status ELSE $status END,
                    attempts = CASE WHEN $status = 'pending' THEN attempts - 1 ELSE attempts END,
                    lease_id = NULL, next_attempt_at = COALESCE($next, next_attempt_at), last_error = COALESCE($error, last_error)
                WHERE event_seq = $seq AND route = $route AND lease_id = $lease
                """,
                ("$status", ""), ("$next", DBNull.Value), ("$error", DBNull.Value), ("$seq", 0L), ("$route", ""), ("$lease", ""));
            var changed = new HashSet<long>();
            foreach (var outcome in outcomes)
            {
                complete.Parameters["$status"].Value = outcome.NewStatus?.ToText() ?? DeliveryStatuses.Pending;
                complete.Parameters["$next"].Value = outcome.NextAttemptAt is { } next ? next.ToUnixTimeMilliseconds() : DBNull.Value;
                complete.Parameters["$error"].Value = (object?)outcome.Error ?? DBNull.Value;
                complete.Parameters["$seq"].Value = outcome.EventSequence;
                complete.Parameters["$route"].Value = outcome.Route;
                complete.Parameters["$lease"].Value = outcome.LeaseId;

                // No row: the lease expired and was taken again, or the event was replayed; the later one counts.
                if (complete.ExecuteNonQuery() == 1)
                    changed.Add(outcome.EventSequence);
            }

            foreach (var sequence in changed)
                UpdateStatus(writer, sequence);

            return true;
        });
    }

    /// <inheritdoc />
    public Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            using var stop = Command(writer.Connection, transaction,
                $"UPDATE deliveries SET status = 'dead', lease_id = NULL, last_error = 'its route is no longer configured; replay the event to deliver it to the routes configured now' WHERE {Due}");
            if (routes.Count > 0)
                stop.CommandText += $" AND route NOT IN ({Parameters(stop, "$route", routes)})";

            stop.CommandText += " RETURNING event_seq";
            var sequences = new HashSet<long>();
            using (var reader = stop.ExecuteReader())
            {
                while (reader.Read())
                    sequences.Add(reader.GetInt64(0));
            }

            foreach (var sequence in sequences)
                UpdateStatus(writer, sequence);

            return sequences.Count;
        });
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(next_attempt_at) FROM deliveries WHERE {Due}";
        return Task.FromResult<DateTimeOffset?>(command.ExecuteScalar() is long due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null);
    }

    /// <inheritdoc />
    public Task<ReplayResult> ReplayAsync(string id, IReadOnlyList<PlannedDelivery> planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: true, (writer, transaction) =>
        {
            long sequence;
            using (var find = Command(writer.Connection, transaction, "SELECT seq, payload_pruned_at, erased_at FROM events WHERE id = $id", ("$id", id)))
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                    return ReplayResult.NotFound;

                // Read under the write lock, which retention's prunes and erasure take too: they never cross.
                if (!reader.IsDBNull(2))
                    return ReplayResult.Erased;

                if (!reader.IsDBNull(1))
                    return ReplayResult.PayloadPruned;

                sequence = reader.GetInt64(0);
            }

            using (var reset = Command(writer.Connection, transaction,
                       "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $now, lease_id = NULL WHERE event_seq = $seq",
                       ("$now", now.ToUnixTimeMilliseconds()), ("$seq", sequence)))
            {
                reset.ExecuteNonQuery();
            }

            using (var drop = Command(writer.Connection, transaction, "DELETE FROM deliveries WHERE event_seq = $seq", ("$seq", sequence)))
            {
                drop.CommandText += planned.Count == 0 ? "" : $" AND route NOT IN ({Parameters(drop, "$route", planned.Select(p => p.Route))})";
                drop.ExecuteNonQuery();
            }

            Plan(writer, transaction, planned, now, sequence);
            UpdateStatus(writer, sequence);
            return ReplayResult.Replayed;
        });
    }

    /// <summary>Adds deliveries to the event just inserted (<paramref name="eventSequence"/> null) or to a stored one.</summary>
    private static void Plan(SqliteWriter writer, SqliteTransaction transaction, IReadOnlyList<PlannedDelivery> planned, DateTimeOffset due, long? eventSequence)
    {
        var sequence = eventSequence ?? LastInsertedRow(writer.Connection, transaction);
        var insert = writer.InsertDelivery.Parameters;
        foreach (var delivery in planned)
        {
            insert[0].Value = sequence;
            insert[1].Value = delivery.Route;
            insert[2].Value = due.ToUnixTimeMilliseconds();
            insert[3].Value = (object?)delivery.OrderKey ?? DBNull.Value;
            writer.InsertDelivery.ExecuteNonQuery();
        }
    }

    private static long LastInsertedRow(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT last_insert_rowid()");
        return (long)command.ExecuteScalar()!; // always a number
    }

    private static void UpdateStatus(SqliteWriter writer, long sequence)
    {
        writer.UpdateEventStatus.Parameters[0].Value = sequence;
        writer.UpdateEventStatus.ExecuteNonQuery();
    }

    private Task<T> WriteAsync<T>(bool durable, Func<SqliteWriter, SqliteTransaction, T> write) =>
        Task.FromResult(Write(durable, write));

    /// <summary>One transaction on the one write connection; dropped after a failure, so the next opens afresh.</summary>
    private T Write<T>(bool durable, Func<SqliteWriter, SqliteTransaction, T> write)
    {
        lock (_writeLock)
        {
            _writer ??= new SqliteWriter(_writerConnectionString, _busyTimeout);
            try
            {
                T result;
                using (durable ? default(SqliteWriter.RelaxedDurability?) : _writer.Relaxed())
                {
                    using var transaction = _writer.Begin();
                    result = write(_writer, transaction);
                    transaction.Commit();
                }

                _checkpointer.Committed();
                return result;
            }
            catch
            {
                _writer.Dispose();
                _writer = null;
                throw;
            }
        }
    }

    private static List<long> Sequences(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var sequences = new List<long>();
        while (reader.Read())
            sequences.Add(reader.GetInt64(0));

        return sequences;
    }

    private static List<(long Sequence, StoredEvent Event)> LoadEvents(SqliteConnection connection, SqliteTransaction? transaction, List<long> sequences)
    {
        using var command = Command(connection, transaction,
            $"SELECT seq, {EventColumns} FROM events WHERE seq IN ({string.Join(',', sequences)})");
        using var reader = command.ExecuteReader();
        var events = new List<(long Sequence, StoredEvent Event)>(sequences.Count);
        while (reader.Read())
            events.Add((reader.GetInt64(0), ReadEvent(reader, 1, [])));

        return events;
    }

    /// <summary>Adds one parameter per value and returns their names, comma separated, for an IN list.</summary>
    private static string Parameters(SqliteCommand command, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count}";
            command.Parameters.AddWithValue(name, value);
            names.Add(name);
        }

        return string.Join(", ", names);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);

        return command;
    }
}
