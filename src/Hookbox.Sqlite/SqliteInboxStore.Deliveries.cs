using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Leases and outcomes go through the one write connection, as appends do.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(IReadOnlyList<LeaseRequest> requests, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return [];

        // Candidates are found on a read connection, beside the writer: the queries and their
        // ordering checks never hold up the group commits that answer senders.
        var due = new long[requests.Count][];
        await using (var connection = Open())
        {
            for (var r = 0; r < requests.Count; r++)
                due[r] = await InboxReads.QueryAsync(connection, null, Sql.DueDeliveries(requests[r].Route, now, requests[r].Max), reader => InboxRows.SequencesAsync(reader, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var leaseId = Guid.NewGuid().ToString("N");
        var claimed = await WriteAsync(durable: false, async (writer, transaction) =>
        {
            var attempts = new Dictionary<long, int>[requests.Count];
            for (var r = 0; r < requests.Count; r++)
            {
                var route = requests[r].Route;
                var exhausted = await InboxReads.SequencesAsync(writer.Connection, transaction, Sql.StopExhausted(route, now, maxAttempts), cancellationToken).ConfigureAwait(false);
                if (exhausted.Length > 0)
                    await InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.RollUp(exhausted), cancellationToken).ConfigureAwait(false);

                // Claimed only if still due, and still first of its key.
                var routeAttempts = attempts[r] = new Dictionary<long, int>(due[r].Length);
                if (due[r].Length > 0)
                {
                    await InboxReads.QueryAsync(writer.Connection, transaction, Sql.Claim(route, due[r], now, leaseUntil, leaseId), async reader =>
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            routeAttempts[reader.GetInt64(0)] = reader.GetInt32(1);

                        return routeAttempts;
                    }, cancellationToken).ConfigureAwait(false);
                }
            }

            return attempts;
        }, cancellationToken).ConfigureAwait(false);

        var sequences = claimed.SelectMany(c => c.Keys).Distinct().ToList();
        if (sequences.Count == 0)
            return [];

        // The events are read after the write lock is released, once each however many routes
        // lease them: bodies can be large.
        var events = await ReadAsync(Sql.LoadEvents(sequences), reader => InboxReads.EventsAsync(Sql.Rows, reader, cancellationToken), cancellationToken).ConfigureAwait(false);
        var leased = new List<LeasedDelivery>(claimed.Sum(c => c.Count));
        for (var r = 0; r < requests.Count; r++)
        {
            foreach (var e in events)
            {
                if (claimed[r].TryGetValue(e.Sequence, out var attempt))
                    leased.Add(new LeasedDelivery(e.Sequence, requests[r].Route, attempt, leaseId, e.Event));
            }
        }

        return leased;
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
