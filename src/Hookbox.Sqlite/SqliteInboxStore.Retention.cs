using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

// Prunes go through the one write connection like every other write, one short transaction
// per batch so a group commit never waits long behind one, and without an fsync of their own:
// a prune lost to a crash is simply done again at the next pass.
public sealed partial class SqliteInboxStore
{
    // What a pruned event's headers become: still a JSON object, so every reader of them works.
    private static readonly byte[] PrunedHeaders = "{}"u8.ToArray();

    /// <inheritdoc />
    public Task<int> PrunePayloadsAsync(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // INDEXED BY: without statistics SQLite prefers events_status, and would read every
            // delivered event at each pass; the partial index holds only those still to prune.
            using var prune = Command(writer.Connection, transaction,
                """
                UPDATE events SET body = $body, headers = $headers, payload_pruned_at = $pruned_at
                WHERE seq IN (
                    SELECT seq FROM events INDEXED BY events_payloads_kept
                    WHERE status = 'delivered' AND payload_pruned_at IS NULL AND received_at < $before
                    ORDER BY received_at
                    LIMIT $max)
                """,
                ("$body", Array.Empty<byte>()), ("$headers", PrunedHeaders), ("$pruned_at", prunedAt.ToUnixTimeMilliseconds()),
                ("$before", receivedBefore.ToUnixTimeMilliseconds()), ("$max", max));
            return prune.ExecuteNonQuery();
        });
    }

    /// <inheritdoc />
    public Task<int> PruneDedupeKeysAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // Chosen once, so the deliveries and the events deleted are of the same events; by
            // the partial index, as above.
            var doomed = Sequences(writer.Connection, transaction,
                "SELECT seq FROM events INDEXED BY events_delivered WHERE status = 'delivered' AND received_at < $before ORDER BY received_at LIMIT $max",
                ("$before", receivedBefore.ToUnixTimeMilliseconds()), ("$max", max));
            return Delete(writer, transaction, doomed);
        });
    }

    /// <inheritdoc />
    public Task<int> PruneEventsAsync(EventStatus status, DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var index = status switch
        {
            EventStatus.Unrouted => "events_unrouted",
            EventStatus.Dead => "events_dead",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "retention deletes unrouted or dead events only"),
        };
        cancellationToken.ThrowIfCancellationRequested();
        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // A dead event whose other route is still at work waits until that one is done. The
            // status is a constant here so that SQLite can prove the partial index applies.
            var doomed = Sequences(writer.Connection, transaction,
                $"""
                SELECT seq FROM events INDEXED BY {index}
                WHERE status = '{status.ToText()}' AND received_at < $before
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = events.seq AND d.{Due})
                ORDER BY received_at LIMIT $max
                """,
                ("$before", receivedBefore.ToUnixTimeMilliseconds()), ("$max", max));
            return Delete(writer, transaction, doomed);
        });
    }

    /// <summary>Deletes events with their deliveries; returns how many events.</summary>
    private static int Delete(SqliteWriter writer, SqliteTransaction transaction, List<long> doomed)
    {
        if (doomed.Count == 0)
            return 0;

        var sequences = string.Join(',', doomed);
        using (var deliveries = Command(writer.Connection, transaction, $"DELETE FROM deliveries WHERE event_seq IN ({sequences})"))
            deliveries.ExecuteNonQuery();

        using var events = Command(writer.Connection, transaction, $"DELETE FROM events WHERE seq IN ({sequences})");
        return events.ExecuteNonQuery();
    }
}
