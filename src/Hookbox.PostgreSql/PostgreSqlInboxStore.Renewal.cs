using Hookbox.Storage.Relational;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<int> RenewAsync(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        if (leases.Count == 0)
            return Task.FromResult(0);

        // One statement, one implicit transaction; no event row needs its lock, as no status changes.
        return RunAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await InboxReads.ExecuteAsync(connection, null, _sql.Renew(leases, until), cancellationToken).ConfigureAwait(false);
        });
    }
}
