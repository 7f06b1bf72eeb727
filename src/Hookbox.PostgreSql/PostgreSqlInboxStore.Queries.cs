using System.Data;
using Hookbox.Storage.Relational;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<Page<EventSummary>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(_sql.ListEvents(query), reader => InboxRows.PageAsync(reader, query.Limit, _sql.Rows.ListedSummary, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken) =>
        (await FindEventAsync(id, cancellationToken).ConfigureAwait(false))?.Event;

    /// <inheritdoc />
    public Task<Page<StoredRejection>> ListRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync(_sql.ListRejections(query), reader => InboxRows.PageAsync(reader, query.Limit, _sql.Rows.Rejection, cancellationToken), cancellationToken);
    }

    Task<(long Sequence, StoredEvent Event)?> IReplayableStore.FindEventAsync(string id, CancellationToken cancellationToken) => FindEventAsync(id, cancellationToken);

    /// <summary>One event, its sequence and its deliveries, from one snapshot.</summary>
    private Task<(long Sequence, StoredEvent Event)?> FindEventAsync(string id, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var found = await InboxReads.FindEventAsync(connection, transaction, _sql, id, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    });
}
