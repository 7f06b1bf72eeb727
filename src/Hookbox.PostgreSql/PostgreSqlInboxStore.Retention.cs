namespace Hookbox.PostgreSql;

// Each prune is one statement, so one short implicit transaction. It claims its events with
// FOR UPDATE SKIP LOCKED: an event another instance is pruning, or that is being replayed, is
// left for the next pass rather than waited for, so a prune never holds up a replay or another
// instance, and never deadlocks with the deliveries' own locking order. An event that stopped
// being delivered before the lock was taken (a replay) no longer matches and is left alone.
public sealed partial class PostgreSqlInboxStore
{
    // What a pruned event's headers become: still a JSON object, so every reader of them works.
    private static readonly byte[] PrunedHeaders = "{}"u8.ToArray();

    /// <inheritdoc />
    public Task<int> PrunePayloadsAsync(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var prune = Command(connection,
                $"""
                WITH due AS (
                    SELECT seq FROM {_schema}.events
                    WHERE status = 'delivered' AND payload_pruned_at IS NULL AND received_at < $1
                    ORDER BY received_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE {_schema}.events e SET body = $3, headers = $4, payload_pruned_at = $5
                FROM due WHERE e.seq = due.seq
                """,
                receivedBefore.ToUniversalTime(), max, Array.Empty<byte>(), PrunedHeaders, prunedAt.ToUniversalTime());
            prune.CommandTimeout = LongCommandTimeoutSeconds;
            return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<int> PruneDedupeKeysAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return RunAsync(async () =>
        {
            // The deliveries go in the same statement: the foreign key is checked at its end.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var prune = Command(connection,
                $"""
                WITH doomed AS (
                    SELECT seq FROM {_schema}.events
                    WHERE status = 'delivered' AND received_at < $1
                    ORDER BY received_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED
                ),
                deliveries AS (
                    DELETE FROM {_schema}.deliveries d USING doomed WHERE d.event_seq = doomed.seq
                )
                DELETE FROM {_schema}.events e USING doomed WHERE e.seq = doomed.seq
                """,
                receivedBefore.ToUniversalTime(), max);
            prune.CommandTimeout = LongCommandTimeoutSeconds;
            return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<int> PruneEventsAsync(EventStatus status, DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (status is not (EventStatus.Unrouted or EventStatus.Dead))
            throw new ArgumentOutOfRangeException(nameof(status), status, "retention deletes unrouted or dead events only");

        return RunAsync(async () =>
        {
            // As above; a dead event whose other route is still at work waits until that one is
            // done. The status is a constant so the planner can use its partial index.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var prune = Command(connection,
                $"""
                WITH doomed AS (
                    SELECT seq FROM {_schema}.events e
                    WHERE status = '{status.ToText()}' AND received_at < $1
                      AND NOT EXISTS (SELECT 1 FROM {_schema}.deliveries d WHERE d.event_seq = e.seq AND d.{Due})
                    ORDER BY received_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED
                ),
                deliveries AS (
                    DELETE FROM {_schema}.deliveries d USING doomed WHERE d.event_seq = doomed.seq
                )
                DELETE FROM {_schema}.events e USING doomed WHERE e.seq = doomed.seq
                """,
                receivedBefore.ToUniversalTime(), max);
            prune.CommandTimeout = LongCommandTimeoutSeconds;
            return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }
}
