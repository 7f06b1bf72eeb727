using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<AppendResult>> WriteBatchAsync(
        IReadOnlyList<IncomingEvent> events,
        IReadOnlyList<Rejection> rejections,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rejections);
        cancellationToken.ThrowIfCancellationRequested();

        // The group-commit writer calls this from its own loop, one batch at a time.
        return WriteAsync(durable: true, (writer, transaction) => WriteAsync(writer, transaction, events, rejections, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<AppendResult>> WriteAsync(SqliteWriter writer, SqliteTransaction transaction, IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> rejections, CancellationToken cancellationToken)
    {
        var results = new AppendResult[events.Count];
        var planned = new List<(long Sequence, PlannedDelivery Delivery, DateTimeOffset Due)>();
        for (var i = 0; i < events.Count; i++)
            results[i] = Append(writer, events[i], planned);

        // Routed in the same transaction: an event is never durable without its deliveries.
        if (planned.Count > 0)
            await InboxReads.ExecuteAsync(writer.Connection, transaction, Sql.Plan(planned), cancellationToken).ConfigureAwait(false);

        if (rejections.Count > 0)
        {
            foreach (var rejection in rejections)
                Bind(writer.InsertRejection, InboxColumns.RejectionInsert, rejection).ExecuteNonQuery();

            await ExecuteAsync(writer, transaction,
                [
                    Sql.TrimRejections(_rejectionLogCapacity),
                    Sql.TrimRejectionsOfSources(rejections.Select(r => r.Source).Distinct(StringComparer.Ordinal), _rejectionLogPerSource),
                    Sql.TrimRejectionBytes(_rejectionLogMaxBytes),
                ],
                cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Stores the event, unless it is a duplicate: of the event stored under its own (source,
    /// event id), or else of the one stored under its catch-up id, or else of the one stored with
    /// its body digest. Stored means committed or inserted earlier in this batch, so a batch
    /// answers as its events would one at a time. Its deliveries join <paramref name="planned"/>.
    /// </summary>
    private static AppendResult Append(SqliteWriter writer, IncomingEvent incoming, List<(long Sequence, PlannedDelivery Delivery, DateTimeOffset Due)> planned)
    {
        // Only an event that may be stored under another id pays this lookup. The one writer
        // makes it safe: nothing else inserts between it and the insert below.
        if (incoming.CatchUpId is not null || incoming.BodySha256 is not null)
        {
            var lookup = writer.FindStoredCopy.Parameters;
            lookup[0].Value = incoming.Source;
            lookup[1].Value = incoming.Envelope.EventId;
            lookup[2].Value = (object?)incoming.CatchUpId ?? DBNull.Value;
            lookup[3].Value = (object?)incoming.BodySha256 ?? DBNull.Value;
            if (writer.FindStoredCopy.ExecuteScalar() is string storedId)
                return new AppendResult(AppendStatus.Duplicate, storedId);
        }

        if (writer.InsertEvent.Run(incoming) is long sequence)
        {
            // Indexed: a Select here allocated a closure for every event, routed or not.
            for (var i = 0; i < incoming.Deliveries.Count; i++)
                planned.Add((sequence, incoming.Deliveries[i], incoming.ReceivedAt));
            return new AppendResult(AppendStatus.Accepted, incoming.Id);
        }

        // The unique index decided: this (source, event id) is already stored, possibly earlier in this batch.
        var find = writer.FindEvent.Parameters;
        find[0].Value = incoming.Source;
        find[1].Value = incoming.Envelope.EventId;
        var firstId = (string)writer.FindEvent.ExecuteScalar()!; // the conflicting row exists inside this transaction
        return new AppendResult(AppendStatus.Duplicate, firstId);
    }

    /// <summary>Sets a prepared insert's parameters, which follow <paramref name="columns"/>, from <paramref name="row"/>.</summary>
    private static SqliteCommand Bind<T>(SqliteCommand insert, IReadOnlyList<InsertColumn<T>> columns, T row)
    {
        for (var i = 0; i < columns.Count; i++)
            insert.Parameters[i].Value = SqliteDialect.Instance.Bind(columns[i].Type, columns[i].Value(row));

        return insert;
    }
}
