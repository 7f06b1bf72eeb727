using System.Data;
using Npgsql;

namespace Hookbox.PostgreSql;

public sealed partial class PostgreSqlInboxStore
{
    /// <inheritdoc />
    public Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var at = now.ToUniversalTime();
        var hour = at.AddHours(-1);
        var day = at.AddDays(-1);
        var firstMinute = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(-59);
        var sources = new Dictionary<string, (long[] Hour, long[] Day)>(StringComparer.Ordinal);
        (long[] Hour, long[] Day) Of(string source) =>
            sources.TryGetValue(source, out var counts) ? counts : sources[source] = (new long[3], new long[3]);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = LongCommandTimeoutSeconds };

        // The id's index finds the last day's events: ids sort by receive time.
        batch.BatchCommands.Add(BatchCommand(
            $"""
            SELECT source, COUNT(*) FILTER (WHERE received_at >= $2), COUNT(*),
                   COUNT(*) FILTER (WHERE received_at >= $2 AND status IN ('retrying', 'dead')), COUNT(*) FILTER (WHERE status IN ('retrying', 'dead'))
            FROM {_schema}.events WHERE id >= $1 AND received_at >= $3 GROUP BY source
            """,
            HookboxId.Floor(day), hour, day));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT source, COUNT(*) FILTER (WHERE received_at >= $1), COUNT(*) FROM {_schema}.rejections WHERE received_at >= $2 GROUP BY source",
            hour, day));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT date_trunc('minute', received_at), COUNT(*) FROM {_schema}.events WHERE id >= $1 AND received_at >= $2 GROUP BY 1",
            HookboxId.Floor(firstMinute), firstMinute));
        batch.BatchCommands.Add(BatchCommand(DispatchStatsSql, at));

        var perMinute = new long[60];
        DispatchStats dispatch;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (inHour, inDay) = Of(reader.GetString(0));
                (inHour[0], inDay[0], inHour[2], inDay[2]) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (inHour, inDay) = Of(reader.GetString(0));
                (inHour[1], inDay[1]) = (reader.GetInt64(1), reader.GetInt64(2));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = (int)(reader.GetFieldValue<DateTimeOffset>(0) - firstMinute).TotalMinutes;
                if (index is >= 0 and < 60)
                    perMinute[index] = reader.GetInt64(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // scalar subqueries: always one row
            dispatch = ReadDispatchStats(reader);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new InboxStats(
            [.. sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceStats(s.Key, Counts(s.Value.Hour), Counts(s.Value.Day)))],
            [.. perMinute.Select((count, i) => new MinuteCount(firstMinute.AddMinutes(i), count))],
            dispatch);
    });

    /// <inheritdoc />
    public Task<DispatchStats> GetDispatchStatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand(DispatchStatsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // scalar subqueries: always one row
        return ReadDispatchStats(reader);
    });

    // The oldest is one step down the deliveries_next index.
    private string DispatchStatsSql =>
        $"""
        SELECT (SELECT COUNT(*) FROM {_schema}.deliveries WHERE {Due} AND next_attempt_at <= $1),
               (SELECT MIN(next_attempt_at) FROM {_schema}.deliveries WHERE {Due} AND next_attempt_at <= $1),
               (SELECT COUNT(*) FROM {_schema}.events WHERE status = 'dead')
        """;

    private static DispatchStats ReadDispatchStats(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2));

    private static WindowCounts Counts(long[] counts) => new(counts[0], counts[1], counts[2]);
}
