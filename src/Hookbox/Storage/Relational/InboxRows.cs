using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>The row mappers of every relational store, over the columns <see cref="InboxColumns"/> lists; only times are read the dialect's way.</summary>
internal sealed class InboxRows(SqlDialect dialect)
{
    /// <summary>An event's summary from the <see cref="InboxColumns.Summary"/> starting at <paramref name="first"/>.</summary>
    public EventSummary Summary(DbDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        EventStatuses.ParseStored(reader.GetString(first + 4)),
        dialect.ReadTime(reader, first + 5),
        EventOrigins.ParseStored(reader.GetString(first + 6)),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));

    /// <summary>An event as a listing shows it: its summary from column 1, then the route and last error of its failing delivery.</summary>
    public EventSummary ListedSummary(DbDataReader reader)
    {
        var rest = 1 + InboxColumns.Summary.Count;
        return Summary(reader, 1) with
        {
            LastErrorRoute = reader.IsDBNull(rest) ? null : reader.GetString(rest),
            LastError = reader.IsDBNull(rest + 1) ? null : reader.GetString(rest + 1),
        };
    }

    /// <summary>An event from the <see cref="InboxColumns.Event"/> starting at <paramref name="first"/>.</summary>
    public StoredEvent Event(DbDataReader reader, int first, IReadOnlyList<DeliveryInfo> deliveries)
    {
        var rest = first + InboxColumns.Summary.Count;
        return new StoredEvent(
            Summary(reader, first),
            dialect.ReadTimeOrNull(reader, rest),
            reader.IsDBNull(rest + 1) ? null : reader.GetString(rest + 1),
            reader.GetFieldValue<byte[]>(rest + 2),
            reader.GetFieldValue<byte[]>(rest + 3),
            deliveries,
            dialect.ReadTimeOrNull(reader, rest + 4),
            dialect.ReadTimeOrNull(reader, rest + 5));
    }

    /// <summary>A delivery from the <see cref="InboxColumns.Delivery"/>; its next attempt shows only while it waits for one.</summary>
    public DeliveryInfo Delivery(DbDataReader reader)
    {
        var status = DeliveryStatuses.ParseStored(reader.GetString(1));
        return new DeliveryInfo(
            reader.GetString(0),
            status,
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            status is DeliveryStatus.Pending or DeliveryStatus.Retrying ? dialect.ReadTime(reader, 4) : null);
    }

    /// <summary>A rejection from its sequence and the <see cref="InboxColumns.Rejection"/>.</summary>
    public StoredRejection Rejection(DbDataReader reader) => new(
        reader.GetInt64(0),
        new Rejection(
            reader.GetString(1),
            dialect.ReadTime(reader, 2),
            reader.GetInt32(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetFieldValue<byte[]>(6),
            reader.IsDBNull(7) ? null : reader.GetInt64(7)));

    /// <summary>A catch-up run from the <see cref="InboxColumns.Run"/>.</summary>
    public CatchUpRun Run(DbDataReader reader) => new(
        reader.GetString(0),
        dialect.ReadTime(reader, 1),
        dialect.ReadTimeOrNull(reader, 2),
        dialect.ReadTime(reader, 3),
        dialect.ReadTime(reader, 4),
        reader.GetInt32(5),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetString(10));

    /// <summary>
    /// Reads up to <paramref name="limit"/> rows whose first column is <c>seq</c>; the one past the
    /// page (the query asks for it: <see cref="InboxSql.Page"/>) only says there is a next page,
    /// whose cursor is the last seq read.
    /// </summary>
    public static async Task<Page<T>> PageAsync<T>(DbDataReader reader, int limit, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        var items = new List<T>(limit);
        long lastSeq = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
                return new Page<T>(items, lastSeq);

            lastSeq = reader.GetInt64(0);
            items.Add(read(reader));
        }

        return new Page<T>(items, null);
    }

    /// <summary>A page of <see cref="InboxSql.ListWholeEvents"/>' rows: each event with its sequence, without its deliveries.</summary>
    public Task<Page<(long Sequence, StoredEvent Event)>> WholeEventPageAsync(DbDataReader reader, int limit, CancellationToken cancellationToken) =>
        PageAsync(reader, limit, r => (r.GetInt64(0), Event(r, 1, [])), cancellationToken);

    /// <summary>Every row's first column, a 64-bit integer: the sequences a statement returns.</summary>
    public static async Task<long[]> SequencesAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sequences = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sequences.Add(reader.GetInt64(0));

        return [.. sequences];
    }
}
