using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Leases and outcomes go through the one write connection, as appends do.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, int max, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        // Candidates are found on a read connection, beside the writer: the query and its
        // ordering check never hold up the group commits that answer senders.
        var due = await ReadAsync(Sql.DueDeliveries(route, now, max), reader => InboxRows.SequencesAsync(reader, cancellationToken), cancellationToken).ConfigureAwait(false);
        var leaseId = Guid.NewGuid().ToString("N");
        var attempts = await WriteAsync(durable: false, async (writer, transaction) =>
        {
            var exhausted = await InboxReads.SequencesAsync(writer.Connection, transaction, Sql.StopExhausted(route, now, maxAttempts), cancellationToken).ConfigureAwait(false);
            if (exhausted.Length > 0)
                await InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.RollUp(exhausted), cancellationToken).ConfigureAwait(false);

            // Claimed only if still due, and still first of its key.
            var claimed = new Dictionary<long, int>(due.Length);
            if (due.Length > 0)
            {
                await InboxReads.QueryAsync(writer.Connection, transaction, Sql.Claim(route, due, now, leaseUntil, leaseId), async reader =>
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        claimed[reader.GetInt64(0)] = reader.GetInt32(1);

                    return claimed;
                }, cancellationToken).ConfigureAwait(false);
            }

            return claimed;
        }, cancellationToken).ConfigureAwait(false);

        if (attempts.Count == 0)
            return [];

        // The events are read after the write lock is released: bodies can be large.
        var events = await ReadAsync(Sql.LoadEvents(attempts.Keys), reader => InboxReads.EventsAsync(Sql.Rows, reader, cancellationToken), cancellationToken).ConfigureAwait(false);
        return [.. events.Select(e => new LeasedDelivery(e.Sequence, route, attempts[e.Sequence], leaseId, e.Event))];
    }

    /// <inheritdoc />
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return Task.CompletedTask;

        return WriteAsync(durable: false, async (writer, transaction) =>
        {
            await ExecuteAsync(writer, transaction, [Sql.Complete(outcomes), Sql.RollUp(outcomes.Select(o => o.EventSequence).Distinct())], cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return WriteAsync(durable: false, async (writer, transaction) =>
        {
            var sequences = await InboxReads.SequencesAsync(writer.Connection, transaction, Sql.FindOrphaned(routes), cancellationToken).ConfigureAwait(false);
            if (sequences.Length > 0)
                await ExecuteAsync(writer, transaction, [Sql.StopOrphaned(sequences, routes), Sql.RollUp(sequences)], cancellationToken).ConfigureAwait(false);

            return sequences.Length;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        ReadAsync(Sql.NextDue(), reader => InboxReads.TimeAsync(Sql.Dialect, reader, cancellationToken), cancellationToken);
}
