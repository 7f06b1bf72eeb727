namespace Hookbox.Storage.Relational;

/// <summary>
/// Every statement of the relational stores, written once over a <see cref="SqlDialect"/>: the
/// event-status roll-up, the "due" and ordered-key predicates, the row lists, paging. The
/// providers run them their own way (SQLite on its one writer, PostgreSQL in batches, locking
/// rows first) and add only what has no common form. Partial files by concern.
/// </summary>
internal sealed partial class InboxSql
{
    /// <summary>A delivery that still has to run, as SQL over the deliveries' own columns; the partial indexes say the same.</summary>
    public static readonly string Waiting = $"status IN ({Literal(DeliveryStatus.Pending)}, {Literal(DeliveryStatus.Retrying)})";

    private readonly SqlDialect _dialect;
    private readonly string _events;
    private readonly string _deliveries;
    private readonly string _rejections;
    private readonly string _runs;
    private readonly string _leases;

    public InboxSql(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _events = dialect.Table("events");
        _deliveries = dialect.Table("deliveries");
        _rejections = dialect.Table("rejections");
        _runs = dialect.Table("catchup_runs");
        _leases = dialect.Table("catchup_leases");
        Rows = new InboxRows(dialect);
    }

    /// <summary>The row mappers, reading times the dialect's way.</summary>
    public InboxRows Rows { get; }

    public SqlDialect Dialect => _dialect;

    /// <summary>A status as a SQL literal: statuses are constants in the statements, so the planners can match the partial indexes.</summary>
    public static string Literal(EventStatus status) => $"'{status.ToText()}'";

    /// <inheritdoc cref="Literal(EventStatus)"/>
    public static string Literal(DeliveryStatus status) => $"'{status.ToText()}'";

    /// <summary>
    /// Sets events' statuses from their deliveries, the rule of DESIGN.md: unrouted without any,
    /// dead if one is, else retrying if one is, delivered when all succeeded, else pending.
    /// </summary>
    public SqlStatement RollUp(IEnumerable<long> sequences) => new SqlStatement(
        $"""
        UPDATE {_events} SET status = (
            SELECT CASE
                WHEN COUNT(*) = 0 THEN {Literal(EventStatus.Unrouted)}
                WHEN COUNT(CASE WHEN d.status = {Literal(DeliveryStatus.Dead)} THEN 1 END) > 0 THEN {Literal(EventStatus.Dead)}
                WHEN COUNT(CASE WHEN d.status = {Literal(DeliveryStatus.Retrying)} THEN 1 END) > 0 THEN {Literal(EventStatus.Retrying)}
                WHEN COUNT(CASE WHEN d.status = {Literal(DeliveryStatus.Succeeded)} THEN 1 END) = COUNT(*) THEN {Literal(EventStatus.Delivered)}
                ELSE {Literal(EventStatus.Pending)} END
            FROM {_deliveries} d WHERE d.event_seq = events.seq)
        WHERE {_dialect.In("seq", "seqs")}
        """).With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

    /// <summary>
    /// Locks events' rows, in sequence order, before their deliveries change: whatever changes a
    /// delivery's status does so first, so two writers never deadlock and a roll-up sees every
    /// other writer's change. Nothing to lock for a store with one writer.
    /// </summary>
    public SqlStatement LockEvents(IEnumerable<long> sequences) => new SqlStatement(
        $"SELECT seq FROM {_events} WHERE {_dialect.In("seq", "seqs")} ORDER BY seq{_dialect.ForUpdate}")
        .With("seqs", _dialect.BindList(SqlType.BigInt, sequences));

    /// <summary>Ends the waiting deliveries that match <paramref name="where"/> (over the deliveries' columns), dead with <paramref name="error"/>.</summary>
    private SqlStatement MarkDead(string where, string error) => new SqlStatement(
        $"UPDATE {_deliveries} SET status = {Literal(DeliveryStatus.Dead)}, lease_id = NULL, last_error = @error WHERE {Waiting} AND {where}")
        .With("error", error);

    /// <summary>An event's new deliveries as a SELECT list: pending, no attempt yet, due at <paramref name="due"/>.</summary>
    private static string NewDelivery(string sequence, string route, string due, string orderKey) =>
        $"{sequence}, {route}, {Literal(DeliveryStatus.Pending)}, 0, {due}, {orderKey}";

    /// <summary>Inserts the rows <paramref name="select"/> makes with <see cref="NewDelivery"/>, skipping those already there.</summary>
    private string InsertDeliveries(string select) =>
        $"INSERT INTO {_deliveries} (event_seq, route, status, attempts, next_attempt_at, order_key) {select} ON CONFLICT (event_seq, route) DO NOTHING";
}
