using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public async Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction(deferred: true); // one snapshot
        var stats = new InboxStatsBuilder(Sql.Dialect, now);
        var statements = Sql.Stats(now);
        for (var i = 0; i < statements.Count; i++)
        {
            var index = i;
            await InboxReads.QueryAsync(connection, transaction, statements[i], async reader =>
            {
                await stats.ReadAsync(index, reader, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return stats.Build();
    }

    /// <inheritdoc />
    public Task<DispatchStats> GetDispatchStatsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(Sql.DispatchStats(now), reader => InboxStatsBuilder.ReadDispatchAsync(Sql.Dialect, reader, cancellationToken), cancellationToken);
}
