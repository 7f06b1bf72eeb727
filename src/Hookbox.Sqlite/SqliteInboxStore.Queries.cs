using Hookbox.Storage.Relational;

namespace Hookbox.Sqlite;

// Reads run on pooled connections beside the writer.
public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<Page<EventSummary>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(Sql.ListEvents(query), reader => InboxRows.PageAsync(reader, query.Limit, Sql.Rows.ListedSummary, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken) =>
        (await FindEventAsync(id, cancellationToken).ConfigureAwait(false))?.Event;

    /// <inheritdoc />
    public Task<Page<StoredRejection>> ListRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(Sql.ListRejections(query), reader => InboxRows.PageAsync(reader, query.Limit, Sql.Rows.Rejection, cancellationToken), cancellationToken);
    }

    /// <summary>One event, its sequence and its deliveries, from one snapshot.</summary>
    async Task<(long Sequence, StoredEvent Event)?> IReplayableStore.FindEventAsync(string id, CancellationToken cancellationToken) =>
        await FindEventAsync(id, cancellationToken).ConfigureAwait(false);

    private async Task<(long Sequence, StoredEvent Event)?> FindEventAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await InboxReads.FindEventAsync(connection, transaction, Sql, id, cancellationToken).ConfigureAwait(false);
    }
}
