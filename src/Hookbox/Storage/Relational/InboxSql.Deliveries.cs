namespace Hookbox.Storage.Relational;

// Leases, outcomes and the sweeps that end deliveries no attempt will finish.
public sealed partial class InboxSql
{
    /// <summary>
    /// A delivery of <paramref name="alias"/> is first of its ordering key: no earlier delivery of
    /// its route with the same key still waits. (The repeated <c>order_key IS NOT NULL</c> lets
    /// SQLite use the partial index.)
    /// </summary>
    private string FirstOfItsKey(string alias) =>
        $"""
        ({alias}.order_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM {_deliveries} e
            WHERE e.route = {alias}.route AND e.order_key = {alias}.order_key AND e.event_seq < {alias}.event_seq
              AND e.order_key IS NOT NULL AND e.{Waiting}))
        """;

    /// <summary>A delivery of <paramref name="alias"/> is due at <c>@now</c> on <c>@route</c>, and first of its key.</summary>
    private string Due(string alias, bool unindexedRoute = false) =>
        $"{(unindexedRoute ? "+" : "")}{alias}.route = @route AND {alias}.{Waiting} AND {alias}.next_attempt_at <= @now AND {FirstOfItsKey(alias)}";

    /// <summary>
    /// The sequences of up to <paramref name="max"/> deliveries of <paramref name="route"/> due at
    /// <paramref name="now"/>, earliest first, locked where the dialect locks (rows another
    /// instance is claiming are skipped, not waited for).
    /// </summary>
    public SqlStatement DueDeliveries(string route, DateTimeOffset now, int max) => new SqlStatement(
        $"""
        SELECT d.event_seq FROM {_deliveries} d
        WHERE {Due("d")}
        ORDER BY d.next_attempt_at, d.event_seq
        LIMIT @max{_dialect.SkipLocked("d")}
        """)
        .With("route", route).With("now", _dialect.Bind(SqlType.Time, now)).With("max", max);

    /// <summary>What leasing sets: one attempt more, the lease, and its expiry as the next time it is due.</summary>
    public const string LeaseSet = "attempts = d.attempts + 1, next_attempt_at = @until, lease_id = @lease";

    /// <summary>
    /// Leases the deliveries of <paramref name="sequences"/> still due and first of their key
    /// (completed, swept, or behind a predecessor replayed since they were read, they are
    /// skipped), returning each one's sequence and attempt number. For a store with one writer,
    /// which finds its candidates beside it with <see cref="DueDeliveries"/>.
    /// </summary>
    /// <remarks>
    /// The route is compared as <c>+d.route</c>, SQLite's way of saying no index may serve a term,
    /// so that it finds the rows by their key (<c>event_seq</c>). Given an indexable
    /// <c>route = @route</c>, it chose the deliveries_due index and walked every due delivery of
    /// the route for each claim: the whole backlog, so dispatch slowed as the backlog grew
    /// (bench/dispatch.sh: 4x slower with 40 000 waiting).
    /// </remarks>
    public SqlStatement Claim(string route, IEnumerable<long> sequences, DateTimeOffset now, DateTimeOffset until, string leaseId) => new SqlStatement(
        $"""
        UPDATE {_deliveries} AS d SET {LeaseSet}
        WHERE {_dialect.InList("d.event_seq", "seqs")} AND {Due("d", unindexedRoute: true)}
        RETURNING event_seq, attempts
        """)
        .With("seqs", _dialect.BindList(SqlType.BigInt, sequences))
        .With("route", route).With("now", _dialect.Bind(SqlType.Time, now))
        .With("until", _dialect.Bind(SqlType.Time, until)).With("lease", leaseId);

    /// <summary>The events of <paramref name="sequences"/>, each after its sequence, in sequence order (the order leases hand them out).</summary>
    public SqlStatement LoadEvents(IEnumerable<long> sequences) => new SqlStatement(
        $"SELECT seq, {InboxColumns.List(InboxColumns.Event)} FROM {_events} WHERE {_dialect.InList("seq", "seqs")} ORDER BY seq")
        .With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

    /// <summary>
    /// A delivery of <c>@route</c> whose last allowed attempt (<c>@max_attempts</c>) and its one
    /// grace run both expired unreported by <c>@now</c>. Only leased rows can be such, and the
    /// small deliveries_leased index holds just them.
    /// </summary>
    private const string Exhausted = "route = @route AND lease_id IS NOT NULL AND next_attempt_at <= @now AND attempts > @max_attempts";

    /// <summary>The sequences of up to 1000 exhausted deliveries (see <see cref="StopExhausted"/>).</summary>
    public SqlStatement FindExhausted(string route, DateTimeOffset now, int maxAttempts) => ExhaustedParameters(
        new SqlStatement($"SELECT event_seq FROM {_deliveries} WHERE {Waiting} AND {Exhausted} LIMIT 1000"), route, now, maxAttempts);

    /// <summary>
    /// Marks dead the exhausted deliveries, among those of <paramref name="sequences"/> when
    /// given, so a handler that crashes its process cannot loop for ever; returns their sequences.
    /// </summary>
    public SqlStatement StopExhausted(string route, DateTimeOffset now, int maxAttempts, IEnumerable<long>? sequences = null)
    {
        var statement = MarkDead(sequences is null ? Exhausted : $"{_dialect.InList("event_seq", "seqs")} AND {Exhausted}", DeliveryErrors.Exhausted);
        statement.Text += " RETURNING event_seq";
        if (sequences is not null)
            statement.With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

        return ExhaustedParameters(statement, route, now, maxAttempts);
    }

    private SqlStatement ExhaustedParameters(SqlStatement statement, string route, DateTimeOffset now, int maxAttempts) =>
        statement.With("route", route).With("now", _dialect.Bind(SqlType.Time, now)).With("max_attempts", maxAttempts);

    /// <summary>
    /// Records outcomes whose lease still holds, in one statement. A released attempt (no new
    /// status) keeps its status and does not count; an outcome whose lease expired and was taken
    /// again, or whose event was replayed, matches no row: the later one counts.
    /// </summary>
    public SqlStatement Complete(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var statement = new SqlStatement("");
        var rows = _dialect.Rows(statement, "o", outcomes.Count,
            RowColumn.Of("seq", SqlType.BigInt, outcomes, o => o.EventSequence),
            RowColumn.Of("route", SqlType.Text, outcomes, o => o.Route),
            RowColumn.Of("lease", SqlType.Text, outcomes, o => o.LeaseId),
            RowColumn.Of("status", SqlType.Text, outcomes, o => o.NewStatus?.ToText()),
            RowColumn.Of("next", SqlType.Time, outcomes, o => o.NextAttemptAt),
            RowColumn.Of("error", SqlType.Text, outcomes, o => o.Error));
        statement.Text =
            $"""
            UPDATE {_deliveries} AS d SET
                status = COALESCE(o.status, d.status),
                attempts = CASE WHEN o.status IS NULL THEN d.attempts - 1 ELSE d.attempts END,
                lease_id = NULL,
                next_attempt_at = COALESCE(o.next, d.next_attempt_at),
                last_error = COALESCE(o.error, d.last_error)
            FROM {rows}
            WHERE d.event_seq = o.seq AND d.route = o.route AND d.lease_id = o.lease
            """;
        return statement;
    }

    /// <summary>
    /// Extends to <paramref name="until"/> the leases still held, in one statement: a lease a
    /// replay or a completion cleared, or a takeover replaced, matches no row. The status is
    /// untouched, so no event's status changes.
    /// </summary>
    public SqlStatement Renew(IReadOnlyList<DeliveryLease> leases, DateTimeOffset until)
    {
        var statement = new SqlStatement("");
        var rows = _dialect.Rows(statement, "l", leases.Count,
            RowColumn.Of("seq", SqlType.BigInt, leases, l => l.EventSequence),
            RowColumn.Of("route", SqlType.Text, leases, l => l.Route),
            RowColumn.Of("lease", SqlType.Text, leases, l => l.LeaseId));
        statement.Text =
            $"""
            UPDATE {_deliveries} AS d SET next_attempt_at = CASE WHEN d.next_attempt_at < @until THEN @until ELSE d.next_attempt_at END
            FROM {rows}
            WHERE d.event_seq = l.seq AND d.route = l.route AND d.lease_id = l.lease AND d.{Waiting}
            """;
        return statement.With("until", _dialect.Bind(SqlType.Time, until));
    }

    /// <summary>The events with a waiting delivery to a route not in <paramref name="routes"/>, locked where the dialect locks.</summary>
    public SqlStatement FindOrphaned(IEnumerable<string> routes) => new SqlStatement(
        $"""
        SELECT seq FROM {_events}
        WHERE seq IN (SELECT event_seq FROM {_deliveries} WHERE {Waiting} AND {_dialect.NotInList("route", "routes")})
        ORDER BY seq{_dialect.ForUpdate}
        """)
        .With("routes", _dialect.BindList(SqlType.Text, routes));

    /// <summary>
    /// Marks dead, with a message saying why, the waiting deliveries of <paramref name="sequences"/>
    /// to a route not in <paramref name="routes"/>: a route removed from configuration would
    /// otherwise leave its events pending for ever.
    /// </summary>
    public SqlStatement StopOrphaned(IEnumerable<long> sequences, IEnumerable<string> routes) =>
        MarkDead($"{_dialect.InList("event_seq", "seqs")} AND {_dialect.NotInList("route", "routes")}", DeliveryErrors.Orphaned)
            .With("seqs", _dialect.BindList(SqlType.BigInt, sequences))
            .With("routes", _dialect.BindList(SqlType.Text, routes));

    /// <summary>When the earliest waiting delivery is due, if one is.</summary>
    public SqlStatement NextDue() => new($"SELECT MIN(next_attempt_at) FROM {_deliveries} WHERE {Waiting}");
}
