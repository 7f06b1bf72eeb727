using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Renewals go through the one write connection, as outcomes do, without an fsync of their own:
// a renewal lost in a crash only lets its lease expire, as the crash would anyway.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return Task.FromResult(0);

        return WriteAsync(durable: false, (writer, transaction) =>
            InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.Renew(leases, until), cancellationToken), cancellationToken);
    }
}
