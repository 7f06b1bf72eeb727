using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Prunes go through the one write connection like every other write, one short transaction
// per batch so a group commit never waits long behind one, and without an fsync of their own:
// a prune lost to a crash is simply done again at the next pass.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<int> PrunePayloadsAsync(DateTimeOffset receivedBefore, DateTimeOffset prunedAt, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return WriteAsync(durable: false, (writer, transaction) =>
            InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.PrunePayloads(receivedBefore, prunedAt, max), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PruneDedupeKeysAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return DeleteAsync(Sql.ExpiredDedupeKeys(receivedBefore, max), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PruneEventsAsync(EventStatus status, DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return DeleteAsync(Sql.ExpiredEvents(status, receivedBefore, max), cancellationToken);
    }

    /// <summary>Deletes the events <paramref name="doomed"/> selects, chosen once so the deliveries and the events deleted are of the same events; returns how many.</summary>
    private Task<int> DeleteAsync(SqlStatement doomed, CancellationToken cancellationToken) =>
        WriteAsync(durable: false, async (writer, transaction) =>
        {
            var sequences = await InboxReads.SequencesAsync(writer.Connection, transaction, doomed, cancellationToken).ConfigureAwait(false);
            if (sequences.Length > 0)
                await ExecuteAsync(writer, transaction, Sql.DeleteEvents(sequences), cancellationToken).ConfigureAwait(false);

            return sequences.Length;
        }, cancellationToken);
}
