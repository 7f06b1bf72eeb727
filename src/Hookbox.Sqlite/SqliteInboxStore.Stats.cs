using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

public sealed partial class SqliteInboxStore
{
    /// <inheritdoc />
    public Task<InboxStats> GetStatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var hour = now.AddHours(-1);
        var day = now.AddDays(-1);
        var minute = now.ToUnixTimeMilliseconds() / 60_000;
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot

        var sources = new Dictionary<string, (long[] Hour, long[] Day)>(StringComparer.Ordinal);
        (long[] Hour, long[] Day) Of(string source) =>
            sources.TryGetValue(source, out var counts) ? counts : sources[source] = (new long[3], new long[3]);

        // The id's index finds the last day's events: ids sort by receive time.
        using (var events = Command(connection, transaction,
                   """
                   SELECT source, SUM(received_at >= $hour), COUNT(*),
                          SUM(received_at >= $hour AND status IN ('retrying', 'dead')), SUM(status IN ('retrying', 'dead'))
                   FROM events WHERE id >= $floor AND received_at >= $day GROUP BY source
                   """,
                   ("$hour", hour.ToUnixTimeMilliseconds()), ("$day", day.ToUnixTimeMilliseconds()), ("$floor", HookboxId.Floor(day))))
        using (var reader = events.ExecuteReader())
        {
            while (reader.Read())
            {
                var (inHour, inDay) = Of(reader.GetString(0));
                (inHour[0], inDay[0], inHour[2], inDay[2]) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }

        using (var rejections = Command(connection, transaction,
                   "SELECT source, SUM(received_at >= $hour), COUNT(*) FROM rejections WHERE received_at >= $day GROUP BY source",
                   ("$hour", hour.ToUnixTimeMilliseconds()), ("$day", day.ToUnixTimeMilliseconds())))
        using (var reader = rejections.ExecuteReader())
        {
            while (reader.Read())
            {
                var (inHour, inDay) = Of(reader.GetString(0));
                (inHour[1], inDay[1]) = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var perMinute = new long[60];
        using (var minutes = Command(connection, transaction,
                   "SELECT received_at / 60000, COUNT(*) FROM events WHERE id >= $floor AND received_at >= $from GROUP BY 1",
                   ("$floor", HookboxId.Floor(DateTimeOffset.FromUnixTimeMilliseconds((minute - 59) * 60_000))), ("$from", (minute - 59) * 60_000)))
        using (var reader = minutes.ExecuteReader())
        {
            while (reader.Read())
            {
                var index = reader.GetInt64(0) - (minute - 59);
                if (index is >= 0 and < 60)
                    perMinute[index] = reader.GetInt64(1);
            }
        }

        return Task.FromResult(new InboxStats(
            [.. sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceStats(s.Key, Counts(s.Value.Hour), Counts(s.Value.Day)))],
            [.. perMinute.Select((count, i) => new MinuteCount(DateTimeOffset.FromUnixTimeMilliseconds((minute - 59 + i) * 60_000), count))],
            ReadDispatchStats(connection, transaction, now)));
    }

    /// <inheritdoc />
    public Task<DispatchStats> GetDispatchStatsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot
        return Task.FromResult(ReadDispatchStats(connection, transaction, now));
    }

    private static DispatchStats ReadDispatchStats(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        long due;
        using (var command = Command(connection, transaction, $"SELECT COUNT(*) FROM deliveries WHERE {Due} AND next_attempt_at <= $now", ("$now", now.ToUnixTimeMilliseconds())))
            due = (long)command.ExecuteScalar()!; // COUNT always answers

        // One step down the deliveries_next index.
        DateTimeOffset? oldest;
        using (var command = Command(connection, transaction, $"SELECT MIN(next_attempt_at) FROM deliveries WHERE {Due} AND next_attempt_at <= $now", ("$now", now.ToUnixTimeMilliseconds())))
            oldest = command.ExecuteScalar() is long since ? DateTimeOffset.FromUnixTimeMilliseconds(since) : null;

        long dead;
        using (var command = Command(connection, transaction, "SELECT COUNT(*) FROM events WHERE status = 'dead'"))
            dead = (long)command.ExecuteScalar()!;

        return new DispatchStats(due, oldest, dead);
    }

    private static WindowCounts Counts(long[] counts) => new(counts[0], counts[1], counts[2]);
}
