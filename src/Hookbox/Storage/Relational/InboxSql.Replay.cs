namespace Hookbox.Storage.Relational;

// Replay, one event or a page of them alike: a handful of set-based statements per page, in one
// transaction, whatever the page's size.
internal sealed partial class InboxSql
{
    /// <summary>
    /// Each of <paramref name="sequences"/>' events, locked where the dialect locks, with what
    /// stops its replay: 0 nothing, 1 its payload was pruned, 2 it was erased. An event deleted
    /// meanwhile has no row. Read in the replay's own transaction, so a replay and a prune or an
    /// erasure never cross.
    /// </summary>
    public SqlStatement ReplayStates(IEnumerable<long> sequences) => new SqlStatement(
        $"""
        SELECT seq, CASE WHEN erased_at IS NOT NULL THEN 2 WHEN payload_pruned_at IS NOT NULL THEN 1 ELSE 0 END
        FROM {_events} WHERE {_dialect.In("seq", "seqs")} ORDER BY seq{_dialect.ForUpdate}
        """)
        .With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

    /// <summary>
    /// Runs the events' deliveries again from their first attempt, dead ones included: each
    /// event's deliveries become its planned ones (the routes that match it now), so an unrouted
    /// event is delivered once a route matches it, and a delivery to a route that no longer
    /// exists is dropped; then the events' statuses follow.
    /// </summary>
    public IReadOnlyList<SqlStatement> Replay(IReadOnlyList<EventReplay> replays, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(replays);
        var sequences = replays.Select(r => r.Sequence).ToArray();
        var planned = replays.SelectMany(r => r.Deliveries.Select(d => (r.Sequence, d, now))).ToList();
        var keep = new SqlStatement("").With("seqs", _dialect.BindList(SqlType.BigInt, sequences));
        var rows = _dialect.Rows(keep, "p", planned.Count,
            RowColumn.Of("seq", SqlType.BigInt, planned, p => p.Sequence),
            RowColumn.Of("route", SqlType.Text, planned, p => p.d.Route));
        keep.Text =
            $"""
            DELETE FROM {_deliveries} WHERE {_dialect.In("event_seq", "seqs")}
              AND NOT EXISTS (SELECT 1 FROM {rows} WHERE p.seq = deliveries.event_seq AND p.route = deliveries.route)
            """;
        return
        [
            new SqlStatement(
                $"UPDATE {_deliveries} SET status = {Literal(DeliveryStatus.Pending)}, attempts = 0, next_attempt_at = @now, lease_id = NULL WHERE {_dialect.In("event_seq", "seqs")}")
                .With("now", _dialect.Bind(SqlType.Time, now))
                .With("seqs", _dialect.BindList(SqlType.BigInt, sequences)),
            keep,
            Plan(planned),
            RollUp(sequences),
        ];
    }
}
