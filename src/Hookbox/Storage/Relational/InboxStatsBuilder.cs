using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>Builds <see cref="InboxStats"/> from the rows of <see cref="InboxSql.Stats"/>'s statements, read in their order.</summary>
internal sealed class InboxStatsBuilder(SqlDialect dialect, DateTimeOffset now)
{
    private readonly Dictionary<string, (long[] Hour, long[] Day)> _sources = new(StringComparer.Ordinal);
    private readonly long[] _perMinute = new long[60];
    private readonly long _firstMinute = FirstMinute(now).ToUnixTimeMilliseconds() / 60_000;
    private DispatchStats? _dispatch;

    /// <summary>The first of the 60 minutes counted: 59 minutes before the one <paramref name="now"/> is in.</summary>
    public static DateTimeOffset FirstMinute(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds((now.ToUnixTimeMilliseconds() / 60_000 - 59) * 60_000);

    /// <summary>Reads the rows of statement <paramref name="index"/>.</summary>
    public async Task ReadAsync(int index, DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (index)
            {
                case 0:
                    var (eventsInHour, eventsInDay) = Of(reader.GetString(0));
                    (eventsInHour[0], eventsInDay[0], eventsInHour[2], eventsInDay[2]) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
                    break;
                case 1:
                    var (rejectedInHour, rejectedInDay) = Of(reader.GetString(0));
                    (rejectedInHour[1], rejectedInDay[1]) = (reader.GetInt64(1), reader.GetInt64(2));
                    break;
                case 2:
                    var minute = reader.GetInt64(0) - _firstMinute;
                    if (minute is >= 0 and < 60)
                        _perMinute[minute] = reader.GetInt64(1);

                    break;
                default:
                    _dispatch = ReadDispatch(dialect, reader);
                    break;
            }
        }
    }

    /// <summary>The dispatch state from <see cref="InboxSql.DispatchStats"/>'s one row, the reader on it.</summary>
    private static DispatchStats ReadDispatch(SqlDialect dialect, DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetInt64(0), dialect.ReadTimeOrNull(reader, 1), reader.GetInt64(2));
    }

    /// <summary>The dispatch state alone, from <see cref="InboxSql.DispatchStats"/>'s reader.</summary>
    public static async Task<DispatchStats> ReadDispatchAsync(SqlDialect dialect, DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false); // scalar subqueries: always one row
        return ReadDispatch(dialect, reader);
    }

    public InboxStats Build() => new(
        [.. _sources.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceStats(s.Key, Counts(s.Value.Hour), Counts(s.Value.Day)))],
        [.. _perMinute.Select((count, i) => new MinuteCount(DateTimeOffset.FromUnixTimeMilliseconds((_firstMinute + i) * 60_000), count))],
        _dispatch ?? throw new InvalidOperationException("the dispatch statement's row was not read"));

    private (long[] Hour, long[] Day) Of(string source) =>
        _sources.TryGetValue(source, out var counts) ? counts : _sources[source] = (new long[3], new long[3]);

    private static WindowCounts Counts(long[] counts) => new(counts[0], counts[1], counts[2]);
}
