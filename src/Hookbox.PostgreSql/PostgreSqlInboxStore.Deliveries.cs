using Hookbox.Storage.Relational;
using Npgsql;

namespace Hookbox.PostgreSql;

// Whatever changes a delivery's status locks its event's row first, in sequence order
// (InboxSql.LockEvents), and only then recomputes the event's status in a statement of its own:
// that statement's snapshot then holds every other instance's committed change to those
// deliveries, so two instances finishing two deliveries of one event cannot both miss the other's.
public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(IReadOnlyList<LeaseRequest> requests, DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            return Task.FromResult<IReadOnlyList<LeasedDelivery>>([]);

        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var request in requests)
                await StopExhaustedAsync(connection, request.Route, now, maxAttempts, cancellationToken).ConfigureAwait(false);

            // One statement per route, all in one batch: one round trip, and one implicit
            // transaction, whatever the number of routes.
            var leaseId = Guid.NewGuid().ToString("N");
            await using var batch = connection.CreateBatch();
            foreach (var request in requests)
                batch.BatchCommands.Add(LeaseStatement(request, now, leaseUntil, leaseId).ApplyToBatch(batch.CreateBatchCommand()));

            var leased = new List<LeasedDelivery>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var r = 0;
            do
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    leased.Add(new LeasedDelivery(reader.GetInt64(0), requests[r].Route, reader.GetInt32(1), leaseId, _sql.Rows.Event(reader, 2, [])));

                r++;
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

            return (IReadOnlyList<LeasedDelivery>)leased;
        });
    }

    /// <summary>
    /// One route's lease in one statement: SKIP LOCKED, so what another instance is claiming
    /// right now is simply not offered here. Leasing leaves the status pending, so an ordered
    /// key's later deliveries wait.
    /// </summary>
    private SqlStatement LeaseStatement(LeaseRequest request, DateTimeOffset now, DateTimeOffset leaseUntil, string leaseId)
    {
        var due = _sql.DueDeliveries(request.Route, now, request.Max);
        due.Text =
            $"""
            WITH due AS ({due.Text}),
            leased AS (
                UPDATE {_schema}.deliveries d SET {InboxSql.LeaseSet}
                FROM due WHERE d.event_seq = due.event_seq AND d.route = @route
                RETURNING d.event_seq, d.attempts
            )
            SELECT leased.event_seq, leased.attempts, {InboxColumns.List(InboxColumns.Event, "e")}
            FROM leased JOIN {_schema}.events e ON e.seq = leased.event_seq
            ORDER BY leased.event_seq
            """;
        return due.With("until", leaseUntil.ToUniversalTime()).With("lease", leaseId);
    }

    /// <summary>Marks dead the deliveries whose last allowed attempt and its one grace run both expired unreported, their events locked first.</summary>
    private async Task StopExhaustedAsync(NpgsqlConnection connection, string route, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken)
    {
        var sequences = await InboxReads.SequencesAsync(connection, null, _sql.FindExhausted(route, now, maxAttempts), cancellationToken).ConfigureAwait(false);
        if (sequences.Length == 0)
            return;

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, [_sql.LockEvents(sequences), _sql.StopExhausted(route, now, maxAttempts, sequences), _sql.RollUp(sequences)], cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            return Task.CompletedTask;

        var sequences = outcomes.Select(o => o.EventSequence).Distinct().ToArray();
        return RunAsync(async () =>
        {
            // One round trip, one implicit transaction.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, [_sql.LockEvents(sequences), _sql.Complete(outcomes), _sql.RollUp(sequences)], cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<int> StopOrphanedDeliveriesAsync(IReadOnlyCollection<string> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return InTransactionAsync(async connection =>
        {
            var sequences = await InboxReads.SequencesAsync(connection, null, _sql.FindOrphaned(routes), cancellationToken).ConfigureAwait(false);
            if (sequences.Length > 0)
                await ExecuteAsync(connection, [_sql.StopOrphaned(sequences, routes), _sql.RollUp(sequences)], cancellationToken, LongCommandTimeoutSeconds).ConfigureAwait(false);

            return sequences.Length;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        ReadAsync(_sql.NextDue(), reader => InboxReads.TimeAsync(_sql.Dialect, reader, cancellationToken), cancellationToken);
}
