namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return Task.FromResult(0);

        // One statement for every lease. Only a lease still held: a replay or a completion
        // cleared it, a takeover replaced it. The status is untouched, so no event's status
        // changes and no event row needs its lock.
        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var renew = Command(connection,
                $"""
                UPDATE {_schema}.deliveries d SET next_attempt_at = GREATEST(d.next_attempt_at, $4)
                FROM unnest($1::bigint[], $2::text[], $3::text[]) AS l (seq, route, lease)
                WHERE d.event_seq = l.seq AND d.route = l.route AND d.lease_id = l.lease AND d.{Due}
                """,
                leases.Select(l => l.EventSequence).ToArray(),
                leases.Select(l => l.Route).ToArray(),
                leases.Select(l => l.LeaseId).ToArray(),
                until.ToUniversalTime());
            return await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }
}
