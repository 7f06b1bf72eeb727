using Npgsql;

namespace Hookbox.PostgreSql;

// Whatever changes a delivery's status locks its event's row first, in sequence order, and
// only then recomputes the event's status in a statement of its own: that statement's
// snapshot then holds every other instance's committed change to those deliveries, so two
// instances finishing two deliveries of one event cannot both miss the other's.
public sealed partial class PostgreSqlInboxStore
{
    private const string Due = "status IN ('pending', 'retrying')";

    private string LockEvents => $"SELECT seq FROM {_schema}.events WHERE seq = ANY($1) ORDER BY seq FOR UPDATE";

    /// <summary>Sets events' statuses from their deliveries: the rule of DESIGN.md, in one place for this store.</summary>
    private string UpdateEventStatus =>
        $"""
        UPDATE {_schema}.events SET status = (
            SELECT CASE
                WHEN COUNT(*) = 0 THEN 'unrouted'
                WHEN COUNT(*) FILTER (WHERE d.status = 'dead') > 0 THEN 'dead'
                WHEN COUNT(*) FILTER (WHERE d.status = 'retrying') > 0 THEN 'retrying'
                WHEN COUNT(*) FILTER (WHERE d.status = 'succeeded') = COUNT(*) THEN 'delivered'
                ELSE 'pending' END
            FROM {_schema}.deliveries d WHERE d.event_seq = events.seq)
        WHERE seq = ANY($1)
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, int max, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await StopExhaustedAsync(connection, route, now.ToUniversalTime(), maxAttempts, cancellationToken).ConfigureAwait(false);

            // SKIP LOCKED: what another instance is claiming right now is simply not offered here.
            // Leasing leaves the status pending, so an ordered key's later deliveries wait.
            var leaseId = Guid.NewGuid().ToString("N");
            await using var lease = Command(connection,
                $"""
                WITH due AS (
                    SELECT d.event_seq FROM {_schema}.deliveries d
                    WHERE d.route = $1 AND d.{Due} AND d.next_attempt_at <= $2
                      AND (d.order_key IS NULL OR NOT EXISTS (
                          SELECT 1 FROM {_schema}.deliveries e
                          WHERE e.route = d.route AND e.order_key = d.order_key AND e.event_seq < d.event_seq AND e.{Due}))
                    ORDER BY d.next_attempt_at, d.event_seq
                    LIMIT $3
                    FOR UPDATE OF d SKIP LOCKED
                ),
                leased AS (
                    UPDATE {_schema}.deliveries d SET attempts = d.attempts + 1, next_attempt_at = $4, lease_id = $5
                    FROM due WHERE d.event_seq = due.event_seq AND d.route = $1
                    RETURNING d.event_seq, d.attempts
                )
                SELECT leased.event_seq, leased.attempts, {EventColumns("e")}
                FROM leased JOIN {_schema}.events e ON e.seq = leased.event_seq
                ORDER BY leased.event_seq
                """,
                route, now.ToUniversalTime(), max, leaseUntil.ToUniversalTime(), leaseId);
            var leased = new List<LeasedDelivery>();
            await using var reader = await lease.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                leased.Add(new LeasedDelivery(reader.GetInt64(0), route, reader.GetInt32(1), leaseId, ReadEvent(reader, 2, [])));

            return (IReadOnlyList<LeasedDelivery>)leased;
        });

    /// <summary>
    /// Marks dead the deliveries whose last allowed attempt and its one grace run both expired
    /// unreported. Only leased rows can be such, and the small deliveries_leased index holds them.
    /// </summary>
    private async Task StopExhaustedAsync(NpgsqlConnection connection, string route, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken)
    {
        var sequences = await SequencesAsync(connection,
            $"SELECT event_seq FROM {_schema}.deliveries WHERE {Exhausted(1)} LIMIT 1000",
            cancellationToken, route, now, maxAttempts).ConfigureAwait(false);
        if (sequences.Length == 0)
            return;

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(BatchCommand(LockEvents, sequences));
            batch.BatchCommands.Add(BatchCommand(
                $"""
                UPDATE {_schema}.deliveries SET status = 'dead', lease_id = NULL,
                    last_error = 'the last attempt did not finish: its process stopped or it outlived its lease'
                WHERE event_seq = ANY($1) AND {Exhausted(2)}
                """,
                sequences, route, now, maxAttempts));
            batch.BatchCommands.Add(BatchCommand(UpdateEventStatus, sequences));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The condition of an exhausted delivery, its route, time and attempt limit in parameters from <paramref name="first"/> on.</summary>
    private static string Exhausted(int first) =>
        $"route = ${first} AND lease_id IS NOT NULL AND next_attempt_at <= ${first + 1} AND {Due} AND attempts > ${first + 2}";

    /// <inheritdoc />
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return Task.CompletedTask;

        return RunAsync(async () =>
        {
            var sequences = outcomes.Select(o => o.EventSequence).Distinct().ToArray();
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // One round trip, one implicit transaction. A pending outcome releases a stopped
            // attempt's lease: it does not count as an attempt. An outcome whose lease expired
            // and was taken again, or whose event was replayed, matches no row: the later one counts.
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(BatchCommand(LockEvents, sequences));
            batch.BatchCommands.Add(BatchCommand(
                $"""
                UPDATE {_schema}.deliveries d SET
                    status = CASE WHEN o.status = 'pending' THEN d.status ELSE o.status END,
                    attempts = CASE WHEN o.status = 'pending' THEN d.attempts - 1 ELSE d.attempts END,
                    lease_id = NULL,
                    next_attempt_at = COALESCE(o.next, d.next_attempt_at),
                    last_error = COALESCE(o.error, d.last_error)
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS o (seq, route, lease, status, next, error)
                WHERE d.event_seq = o.seq AND d.route = o.route AND d.lease_id = o.lease
                """,
                outcomes.Select(o => o.EventSequence).ToArray(),
                outcomes.Select(o => o.Route).ToArray(),
                outcomes.Select(o => o.LeaseId).ToArray(),
                outcomes.Select(o => o.NewStatus?.ToText() ?? DeliveryStatuses.Pending).ToArray(),
                outcomes.Select(o => o.NextAttemptAt?.ToUniversalTime()).ToArray(),
                outcomes.Select(o => o.Error).ToArray()));
            batch.BatchCommands.Add(BatchCommand(UpdateEventStatus, sequences));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var known = routes.ToArray();
        return InTransactionAsync(async connection =>
        {
            var sequences = await SequencesAsync(connection,
                $"""
                SELECT seq FROM {_schema}.events
                WHERE seq IN (SELECT event_seq FROM {_schema}.deliveries WHERE {Due} AND route <> ALL($1))
                ORDER BY seq FOR UPDATE
                """,
                cancellationToken, [known]).ConfigureAwait(false);
            if (sequences.Length == 0)
                return 0;

            await using var batch = new NpgsqlBatch(connection) { Timeout = LongCommandTimeoutSeconds };
            batch.BatchCommands.Add(BatchCommand(
                $"""
                UPDATE {_schema}.deliveries SET status = 'dead', lease_id = NULL,
                    last_error = 'its route is no longer configured; replay the event to deliver it to the routes configured now'
                WHERE event_seq = ANY($1) AND {Due} AND route <> ALL($2)
                """,
                sequences, known));
            batch.BatchCommands.Add(BatchCommand(UpdateEventStatus, sequences));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return sequences.Length;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand($"SELECT MIN(next_attempt_at) FROM {_schema}.deliveries WHERE {Due}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // an aggregate always has a row
        return reader.IsDBNull(0) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(0);
    });

    /// <inheritdoc />
    public Task<ReplayResult> ReplayAsync(string id, IReadOnlyList<PlannedDelivery> planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var at = now.ToUniversalTime();
        var routes = planned.Select(p => p.Route).ToArray();
        return InTransactionAsync(async connection =>
        {
            // The row lock orders this with a prune of the same event: a prune that came first
            // shows here, and one that comes after finds the event pending and leaves it.
            long sequence;
            await using (var find = Command(connection, $"SELECT seq, payload_pruned_at IS NOT NULL, erased_at IS NOT NULL FROM {_schema}.events WHERE id = $1 FOR UPDATE", id))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    return ReplayResult.NotFound;

                if (reader.GetBoolean(2))
                    return ReplayResult.Erased;

                if (reader.GetBoolean(1))
                    return ReplayResult.PayloadPruned;

                sequence = reader.GetInt64(0);
            }

            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(BatchCommand(
                $"UPDATE {_schema}.deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_id = NULL WHERE event_seq = $1",
                sequence, at));
            batch.BatchCommands.Add(BatchCommand($"DELETE FROM {_schema}.deliveries WHERE event_seq = $1 AND route <> ALL($2)", sequence, routes));
            batch.BatchCommands.Add(BatchCommand(
                $"""
                INSERT INTO {_schema}.deliveries (event_seq, route, status, attempts, next_attempt_at, order_key)
                SELECT $1, p.route, 'pending', 0, $2, p.order_key FROM unnest($3::text[], $4::text[]) AS p (route, order_key)
                ON CONFLICT (event_seq, route) DO NOTHING
                """,
                sequence, at, routes, planned.Select(p => p.OrderKey).ToArray()));
            batch.BatchCommands.Add(BatchCommand(UpdateEventStatus, new[] { sequence }));
            batch.BatchCommands.Add(BatchCommand("SELECT pg_notify($1, '')", _channel));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return ReplayResult.Replayed;
        }, cancellationToken);
    }

    private static async Task<long[]> SequencesAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sequences = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sequences.Add(reader.GetInt64(0));

        return [.. sequences];
    }
}
