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

        // Microsoft.Data.Sqlite's async methods run synchronously anyway; the group-commit
        // writer calls this from its own loop, one batch at a time.
        return WriteAsync<IReadOnlyList<AppendResult>>(durable: true, (writer, transaction) => Write(writer, transaction, events, rejections));
    }

    private AppendResult[] Write(SqliteWriter writer, SqliteTransaction transaction, IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> rejections)
    {
        var results = new AppendResult[events.Count];
        for (var i = 0; i < events.Count; i++)
            results[i] = Append(writer, transaction, events[i]);

        if (rejections.Count > 0)
        {
            foreach (var rejection in rejections)
                Record(writer, rejection);

            writer.TrimRejections.Parameters[0].Value = _rejectionLogCapacity;
            writer.TrimRejections.ExecuteNonQuery();

            foreach (var source in rejections.Select(r => r.Source).Distinct(StringComparer.Ordinal))
            {
                writer.TrimRejectionsOfSource.Parameters[0].Value = source;
                writer.TrimRejectionsOfSource.Parameters[1].Value = _rejectionLogPerSource;
                writer.TrimRejectionsOfSource.ExecuteNonQuery();
            }

            writer.TrimRejectionBytes.Parameters[0].Value = _rejectionLogMaxBytes;
            writer.TrimRejectionBytes.ExecuteNonQuery();
        }

        return results;
    }

    /// <summary>
    /// Stores the event, unless it is a duplicate: of the event stored under its own (source,
    /// event id), or else of the one stored under its catch-up id, or else of the one stored with
    /// its body digest. Stored means committed or inserted earlier in this batch, so a batch
    /// answers as its events would one at a time.
    /// </summary>
    private static AppendResult Append(SqliteWriter writer, SqliteTransaction transaction, IncomingEvent incoming)
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

        var insert = writer.InsertEvent.Parameters;
        insert[0].Value = incoming.Id;
        insert[1].Value = incoming.Source;
        insert[2].Value = incoming.Envelope.EventId;
        insert[3].Value = incoming.Envelope.EventType;
        insert[4].Value = incoming.Deliveries.Count > 0 ? EventStatuses.Pending : EventStatuses.Unrouted;
        insert[5].Value = incoming.ReceivedAt.ToUnixTimeMilliseconds();
        insert[6].Value = incoming.SenderTimestamp is { } sent ? sent.ToUnixTimeMilliseconds() : DBNull.Value;
        insert[7].Value = (object?)incoming.ContentType ?? DBNull.Value;
        insert[8].Value = Blob(incoming.Headers);
        insert[9].Value = Blob(incoming.Body);
        insert[10].Value = incoming.Origin.ToText();
        insert[11].Value = (object?)incoming.Envelope.Subject ?? DBNull.Value;
        insert[12].Value = (object?)incoming.BodySha256 ?? DBNull.Value;
        if (writer.InsertEvent.ExecuteNonQuery() == 1)
        {
            // Routed in the same transaction: an event is never durable without its deliveries.
            if (incoming.Deliveries.Count > 0)
                Plan(writer, transaction, incoming.Deliveries, incoming.ReceivedAt, eventSequence: null);

            return new AppendResult(AppendStatus.Accepted, incoming.Id);
        }

        // The unique index decided: this (source, event id) is already stored, possibly earlier in this batch.
        var find = writer.FindEvent.Parameters;
        find[0].Value = incoming.Source;
        find[1].Value = incoming.Envelope.EventId;
        var firstId = (string)writer.FindEvent.ExecuteScalar()!; // the conflicting row exists inside this transaction
        return new AppendResult(AppendStatus.Duplicate, firstId);
    }

    private static void Record(SqliteWriter writer, Rejection rejection)
    {
        var insert = writer.InsertRejection.Parameters;
        insert[0].Value = rejection.Source;
        insert[1].Value = rejection.ReceivedAt.ToUnixTimeMilliseconds();
        insert[2].Value = rejection.StatusCode;
        insert[3].Value = rejection.Error;
        insert[4].Value = rejection.Message;
        insert[5].Value = Blob(rejection.Headers);
        insert[6].Value = rejection.BodyBytes is { } length ? length : DBNull.Value;
        writer.InsertRejection.ExecuteNonQuery();
    }

    // Microsoft.Data.Sqlite binds byte arrays; most bodies already are exactly one (a segment
    // from TryGetArray always has its array).
    private static byte[] Blob(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
