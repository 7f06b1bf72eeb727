using System.Data;
using System.Text;
using Npgsql;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    private const int MaxPageSize = 1000;

    /// <inheritdoc />
    public Task<Page<EventSummary>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit);
        return RunAsync(async () =>
        {
            // Only the filters given go into the SQL, so the planner can use the (source, seq) index.
            await using var command = _dataSource.CreateCommand();
            var sql = new StringBuilder($"SELECT seq, {SummaryColumns} FROM {_schema}.events WHERE true");
            AddFilter(command, sql, "source", query.Source);
            AddFilter(command, sql, "type", query.Type);
            AddFilter(command, sql, "status", query.Status?.ToText());
            AddFilter(command, sql, "subject", query.Subject);
            AddFilter(command, sql, "origin", query.Origin?.ToText());
            AddPrefix(command, sql, "event_id", query.EventId);
            AddCursorAndLimit(command, sql, query.After, query.Limit);
            command.CommandText = sql.ToString();

            return await ReadPageAsync(command, query.Limit, reader => ReadSummary(reader, 1), cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc />
    public Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the event and its deliveries.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        long sequence;
        StoredEvent stored;
        await using (var command = Command(connection, $"SELECT seq, {EventColumns("events")} FROM {_schema}.events WHERE id = $1", id))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;

            sequence = reader.GetInt64(0);
            stored = ReadEvent(reader, 1, []);
        }

        var deliveries = new List<DeliveryInfo>();
        await using (var command = Command(connection,
                         $"SELECT route, status, attempts, last_error, next_attempt_at FROM {_schema}.deliveries WHERE event_seq = $1 ORDER BY route", sequence))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var status = DeliveryStatuses.ParseStored(reader.GetString(1));
                var waiting = status is DeliveryStatus.Pending or DeliveryStatus.Retrying;
                deliveries.Add(new DeliveryInfo(
                    reader.GetString(0),
                    status,
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    waiting ? reader.GetFieldValue<DateTimeOffset>(4) : null));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (StoredEvent?)(stored with { Deliveries = deliveries });
    });

    /// <inheritdoc />
    public Task<Page<StoredRejection>> ListRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit);
        return RunAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand();
            var sql = new StringBuilder($"SELECT seq, source, received_at, status_code, error, message, headers, body_bytes FROM {_schema}.rejections WHERE true");
            AddFilter(command, sql, "source", query.Source);
            AddCursorAndLimit(command, sql, query.After, query.Limit);
            command.CommandText = sql.ToString();

            return await ReadPageAsync(command, query.Limit, reader => new StoredRejection(
                reader.GetInt64(0),
                new Rejection(
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetInt32(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<byte[]>(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7))), cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> rows whose first column is <c>seq</c>; the one past the
    /// page (the query asks for it) only says there is a next page, whose cursor is the last seq read.
    /// </summary>
    private static async Task<Page<T>> ReadPageAsync<T>(NpgsqlCommand command, int limit, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>(limit);
        long lastSeq = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == limit)
                return new Page<T>(items, lastSeq);

            lastSeq = reader.GetInt64(0);
            items.Add(read(reader));
        }

        return new Page<T>(items, null);
    }

    /// <summary>The columns <see cref="ReadSummary"/> reads.</summary>
    private static readonly string[] SummaryColumnNames = ["id", "source", "event_id", "type", "status", "received_at", "origin", "subject"];

    private static readonly string SummaryColumns = string.Join(", ", SummaryColumnNames);

    /// <summary>The columns <see cref="ReadEvent"/> reads: the summary's, then the rest.</summary>
    private static readonly string[] EventColumnNames = [.. SummaryColumnNames, "sender_timestamp", "content_type", "headers", "body", "payload_pruned_at", "erased_at"];

    /// <summary>The columns <see cref="ReadEvent"/> reads, of the events table named <paramref name="alias"/>.</summary>
    private static string EventColumns(string alias) => string.Join(", ", EventColumnNames.Select(c => $"{alias}.{c}"));

    private static StoredEvent ReadEvent(NpgsqlDataReader reader, int first, IReadOnlyList<DeliveryInfo> deliveries)
    {
        var rest = first + SummaryColumnNames.Length;
        return new StoredEvent(
            ReadSummary(reader, first),
            reader.IsDBNull(rest) ? null : reader.GetFieldValue<DateTimeOffset>(rest),
            reader.IsDBNull(rest + 1) ? null : reader.GetString(rest + 1),
            reader.GetFieldValue<byte[]>(rest + 2),
            reader.GetFieldValue<byte[]>(rest + 3),
            deliveries,
            reader.IsDBNull(rest + 4) ? null : reader.GetFieldValue<DateTimeOffset>(rest + 4),
            reader.IsDBNull(rest + 5) ? null : reader.GetFieldValue<DateTimeOffset>(rest + 5));
    }

    private static EventSummary ReadSummary(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        EventStatuses.ParseStored(reader.GetString(first + 4)),
        reader.GetFieldValue<DateTimeOffset>(first + 5),
        EventOrigins.ParseStored(reader.GetString(first + 6)),
        reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7));

    private static void CheckLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
    }

    private static void AddFilter(NpgsqlCommand command, StringBuilder sql, string column, string? value)
    {
        if (value is null)
            return;

        command.Parameters.Add(new NpgsqlParameter { Value = value });
        sql.Append(" AND ").Append(column).Append(" = $").Append(command.Parameters.Count);
    }

    private static void AddPrefix(NpgsqlCommand command, StringBuilder sql, string column, string? prefix)
    {
        if (prefix is null)
            return;

        // starts_with, not LIKE: ids are full of '_', which LIKE reads as a wildcard.
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        sql.Append(" AND starts_with(").Append(column).Append(", $").Append(command.Parameters.Count).Append(')');
    }

    private static void AddCursorAndLimit(NpgsqlCommand command, StringBuilder sql, long? after, int limit)
    {
        if (after is { } cursor)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = cursor });
            sql.Append(" AND seq < $").Append(command.Parameters.Count);
        }

        // One row past the page says whether there is a next page.
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        sql.Append(" ORDER BY seq DESC LIMIT $").Append(command.Parameters.Count);
    }
}
