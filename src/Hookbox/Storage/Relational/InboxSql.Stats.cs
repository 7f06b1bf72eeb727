namespace Hookbox.Storage.Relational;

// The overview's counts. Events of the last day are found through the id's index (ids sort by
// receive time); the dispatch state through the deliveries' small partial indexes.
internal sealed partial class InboxSql
{
    private static readonly string Failing = $"status IN ({Literal(EventStatus.Retrying)}, {Literal(EventStatus.Dead)})";

    /// <summary>The statements of <see cref="IInboxStats.GetStatsAsync"/>, in the order <see cref="InboxStatsBuilder"/> reads their rows.</summary>
    public IReadOnlyList<SqlStatement> Stats(DateTimeOffset now)
    {
        var hour = _dialect.Bind(SqlType.Time, now.AddHours(-1));
        var day = now.AddDays(-1);
        var firstMinute = InboxStatsBuilder.FirstMinute(now);
        return
        [
            new SqlStatement(
                $"""
                SELECT source, COUNT(CASE WHEN received_at >= @hour THEN 1 END), COUNT(*),
                       COUNT(CASE WHEN received_at >= @hour AND {Failing} THEN 1 END), COUNT(CASE WHEN {Failing} THEN 1 END)
                FROM {_events} WHERE id >= @floor AND received_at >= @day GROUP BY source
                """)
                .With("hour", hour).With("day", _dialect.Bind(SqlType.Time, day)).With("floor", HookboxId.Floor(day)),
            new SqlStatement(
                $"SELECT source, COUNT(CASE WHEN received_at >= @hour THEN 1 END), COUNT(*) FROM {_rejections} WHERE received_at >= @day GROUP BY source")
                .With("hour", hour).With("day", _dialect.Bind(SqlType.Time, day)),
            new SqlStatement(
                $"SELECT {_dialect.MinuteOf("received_at")}, COUNT(*) FROM {_events} WHERE id >= @floor AND received_at >= @from GROUP BY 1")
                .With("floor", HookboxId.Floor(firstMinute)).With("from", _dialect.Bind(SqlType.Time, firstMinute)),
            DispatchStats(now),
        ];
    }

    /// <summary>The backlog, since when its oldest has waited (one step down the deliveries_next index), and the dead events: one row.</summary>
    public SqlStatement DispatchStats(DateTimeOffset now) => new SqlStatement(
        $"""
        SELECT (SELECT COUNT(*) FROM {_deliveries} WHERE {Waiting} AND next_attempt_at <= @now),
               (SELECT MIN(next_attempt_at) FROM {_deliveries} WHERE {Waiting} AND next_attempt_at <= @now),
               (SELECT COUNT(*) FROM {_events} WHERE status = {Literal(EventStatus.Dead)})
        """)
        .With("now", _dialect.Bind(SqlType.Time, now));
}
