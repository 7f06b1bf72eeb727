using System.Text;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

// Microsoft.Data.Sqlite's async methods complete synchronously; the sync calls say so honestly.
public sealed partial class SqliteInboxStore
{
    private const int MaxPageSize = 1000;

    /// <inheritdoc />
    public Task<Page<EventSummary>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();

        // Only the filters given go into the SQL, so SQLite can use the (source, seq) index. A
        // subject has a handful of events, which its own index finds at once; without statistics
        // SQLite would prefer the (source, seq) index and read every event of the source for them.
        var sql = new StringBuilder($"SELECT seq, {SummaryColumns} FROM events");
        sql.Append(query.Subject is null ? " WHERE 1 = 1" : " INDEXED BY events_subject WHERE 1 = 1");
        AddFilter(command, sql, "source", query.Source);
        AddFilter(command, sql, "type", query.Type);
        AddFilter(command, sql, "status", query.Status?.ToText());
        AddFilter(command, sql, "subject", query.Subject);
        AddFilter(command, sql, "origin", query.Origin?.ToText());
        AddPrefix(command, sql, "event_id", query.EventId);
        AddCursor(command, sql, query.After);
        AddLimit(command, sql, query.Limit);
        command.CommandText = sql.ToString();

        return Task.FromResult(ReadPage(command, query.Limit, reader => ReadSummary(reader, 1)));
    }

    /// <inheritdoc />
    public Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for the event and its deliveries
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT seq, {EventColumns} FROM events WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return Task.FromResult<StoredEvent?>(null);

        var deliveries = ReadDeliveries(connection, transaction, reader.GetInt64(0));
        return Task.FromResult<StoredEvent?>(ReadEvent(reader, 1, deliveries));
    }

    /// <summary>The columns <see cref="ReadSummary"/> reads.</summary>
    private const string SummaryColumns = "id, source, event_id, type, status, received_at, origin, subject";

    /// <summary>The columns <see cref="ReadEvent"/> reads: the summary's, then the rest.</summary>
    private const string EventColumns = SummaryColumns + ", sender_timestamp, content_type, headers, body, payload_pruned_at, erased_at";

    private const int SummaryColumnCount = 8;

    /// <summary>An event from the <see cref="EventColumns"/> starting at <paramref name="first"/>.</summary>
    private static StoredEvent ReadEvent(SqliteDataReader reader, int first, IReadOnlyList<DeliveryInfo> deliveries)
    {
        var rest = first + SummaryColumnCount;
        return new StoredEvent(
            ReadSummary(reader, first),
            reader.IsDBNull(rest) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(rest)),
            reader.IsDBNull(rest + 1) ? null : reader.GetString(rest + 1),
            (byte[])reader.GetValue(rest + 2),
            (byte[])reader.GetValue(rest + 3),
            deliveries,
            reader.IsDBNull(rest + 4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(rest + 4)),
            reader.IsDBNull(rest + 5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(rest + 5)));
    }

    private static List<DeliveryInfo> ReadDeliveries(SqliteConnection connection, SqliteTransaction transaction, long sequence)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT route, status, attempts, last_error, next_attempt_at FROM deliveries WHERE event_seq = $seq ORDER BY route";
        command.Parameters.AddWithValue("$seq", sequence);
        using var reader = command.ExecuteReader();
        var deliveries = new List<DeliveryInfo>();
        while (reader.Read())
        {
            var status = DeliveryStatuses.ParseStored(reader.GetString(1));
            var waiting = status is DeliveryStatus.Pending or DeliveryStatus.Retrying;
            deliveries.Add(new DeliveryInfo(
                reader.GetString(0),
                status,
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                waiting ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)) : null));
        }

        return deliveries;
    }

    /// <inheritdoc />
    public Task<Page<StoredRejection>> ListRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT seq, source, received_at, status_code, error, message, headers, body_bytes FROM rejections WHERE 1 = 1");
        AddFilter(command, sql, "source", query.Source);
        AddCursor(command, sql, query.After);
        AddLimit(command, sql, query.Limit);
        command.CommandText = sql.ToString();

        return Task.FromResult(ReadPage(command, query.Limit, reader => new StoredRejection(
            reader.GetInt64(0),
            new Rejection(
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetInt32(3),
                reader.GetString(4),
                reader.GetString(5),
                (byte[])reader.GetValue(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7)))));
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> rows whose first column is <c>seq</c>; the one past the
    /// page (the query asks for it) only says there is a next page, whose cursor is the last seq read.
    /// </summary>
    private static Page<T> ReadPage<T>(SqliteCommand command, int limit, Func<SqliteDataReader, T> read)
    {
        var items = new List<T>(limit);
        long lastSeq = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (items.Count == limit)
                return new Page<T>(items, lastSeq);

            lastSeq = reader.GetInt64(0);
            items.Add(read(reader));
        }

        return new Page<T>(items, null);
    }

    /// <summary>An event's summary from the <see cref="SummaryColumns"/> starting at <paramref name="first"/>.</summary>
    private static EventSummary ReadSummary(SqliteDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        EventStatuses.ParseStored(reader.GetString(first + 4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 5)),
        EventOrigins.ParseStored(reader.GetString(first + 6)),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));

    private static void AddFilter(SqliteCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is null)
            return;

        sql.Append(" AND ").Append(column).Append(" = $").Append(column);
        command.Parameters.AddWithValue("$" + column, value);
    }

    private static void AddPrefix(SqliteCommand command, StringBuilder sql, string column, string? prefix)
    {
        if (prefix is null)
            return;

        // substr, not LIKE: ids are full of '_', which LIKE reads as a wildcard, and LIKE folds
        // ASCII case. SQLite counts text in characters on both sides, so any id compares right.
        sql.Append(" AND substr(").Append(column).Append(", 1, length($").Append(column).Append(")) = $").Append(column);
        command.Parameters.AddWithValue("$" + column, prefix);
    }

    private static void AddCursor(SqliteCommand command, StringBuilder sql, long? after)
    {
        if (after is null)
            return;

        sql.Append(" AND seq < $after");
        command.Parameters.AddWithValue("$after", after.Value);
    }

    private static void AddLimit(SqliteCommand command, StringBuilder sql, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);

        // One row past the page says whether there is a next page.
        sql.Append(" ORDER BY seq DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit + 1);
    }
}
