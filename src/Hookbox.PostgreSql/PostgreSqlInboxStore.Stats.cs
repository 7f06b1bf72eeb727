using System.Data;
using Hookbox.Storage.Relational;
using Npgsql;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        // One snapshot, one round trip.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = LongCommandTimeoutSeconds };
        foreach (var statement in _sql.Stats(now))
            batch.BatchCommands.Add(statement.ApplyToBatch(new NpgsqlBatchCommand()));

        var stats = new InboxStatsBuilder(_sql.Dialect, now);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < batch.BatchCommands.Count; i++)
            {
                if (i > 0)
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);

                await stats.ReadAsync(i, reader, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stats.Build();
    });

    /// <inheritdoc />
    public Task<DispatchStats> GetDispatchStatsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync(_sql.DispatchStats(now), reader => InboxStatsBuilder.ReadDispatchAsync(_sql.Dialect, reader, cancellationToken), cancellationToken);
}
