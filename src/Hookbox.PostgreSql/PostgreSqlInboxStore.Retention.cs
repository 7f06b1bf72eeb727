using Hookbox.Storage.Relational;

namespace Hookbox.PostgreSql;

// Each prune claims its events with FOR UPDATE SKIP LOCKED: an event another instance is
// pruning, or that is being replayed, is left for the next pass rather than waited for, so a
// prune never holds up a replay or another instance, and never deadlocks with the deliveries'
// own locking order. An event that stopped being delivered before the lock was taken (a
// replay) no longer matches and is left alone.
public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<int> PrunePayloadsAsync(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return RunAsync(async () =>
        {
            // One statement, one short implicit transaction.
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var prune = _sql.PrunePayloads(receivedBefore, prunedAt, max).ApplyTo(connection.CreateCommand());
            prune.CommandTimeout = LongCommandTimeoutSeconds;
            return await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<int> PruneDedupeKeysAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return DeleteAsync(_sql.ExpiredDedupeKeys(receivedBefore, max), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PruneEventsAsync(EventStatus status, DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return DeleteAsync(_sql.ExpiredEvents(status, receivedBefore, max), cancellationToken);
    }

    /// <summary>Deletes the events <paramref name="doomed"/> selects and locks, with their deliveries, in one short transaction; returns how many.</summary>
    private Task<int> DeleteAsync(SqlStatement doomed, CancellationToken cancellationToken) =>
        InTransactionAsync(async connection =>
        {
            var sequences = await InboxReads.SequencesAsync(connection, null, doomed, cancellationToken).ConfigureAwait(false);
            if (sequences.Length > 0)
                await ExecuteAsync(connection, _sql.DeleteEvents(sequences), cancellationToken, LongCommandTimeoutSeconds).ConfigureAwait(false);

            return sequences.Length;
        }, cancellationToken);
}
