namespace Hookbox.Sqlite;

// Renewals go through the one write connection, as outcomes do, without an fsync of their own:
// a renewal lost in a crash only lets its lease expire, as the crash would anyway.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        cancellationToken.ThrowIfCancellationRequested();
        if (leases.Count == 0)
            return Task.FromResult(0);

        return WriteAsync(durable: false, (writer, transaction) =>
        {
            // Only a lease still held: a replay or a completion cleared it, a takeover replaced it.
            using var renew = Command(writer.Connection, transaction,
                $"UPDATE deliveries SET next_attempt_at = MAX(next_attempt_at, $until) WHERE event_seq = $seq AND route = $route AND lease_id = $lease AND {Due}",
                ("$until", until.ToUnixTimeMilliseconds()), ("$seq", 0L), ("$route", ""), ("$lease", ""));
            var renewed = 0;
            foreach (var lease in leases)
            {
                renew.Parameters["$seq"].Value = lease.EventSequence;
                renew.Parameters["$route"].Value = lease.Route;
                renew.Parameters["$lease"].Value = lease.LeaseId;
                renewed += renew.ExecuteNonQuery();
            }

            return renewed;
        });
    }
}
