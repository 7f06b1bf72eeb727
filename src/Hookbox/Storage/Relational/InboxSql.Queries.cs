using System.Text;

namespace Hookbox.Storage.Relational;

// What the events API, the dashboard and the CLI read: filters, pages, one event.
public sealed partial class InboxSql
{
    /// <summary>The largest page a listing returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// A page of events matching <paramref name="query"/>, newest first, each row its sequence, the
    /// <see cref="InboxColumns.Summary"/> and its last error (<see cref="InboxRows.ListedSummary"/>).
    /// </summary>
    public SqlStatement ListEvents(EventQuery query) => SelectEvents(query, $"{InboxColumns.List(InboxColumns.Summary)}, {LastErrorColumns}");

    /// <summary>A page of events matching <paramref name="query"/>, newest first, each row its sequence and the <see cref="InboxColumns.Event"/>: what a bulk replay plans from.</summary>
    public SqlStatement ListWholeEvents(EventQuery query) => SelectEvents(query, InboxColumns.List(InboxColumns.Event));

    /// <summary>
    /// Only the filters given go into the SQL, so the planner can use the (source, seq) index; a
    /// subject has a handful of events, which the index of its key finds at once (the subject
    /// itself is compared too: two may share a key).
    /// </summary>
    private SqlStatement SelectEvents(EventQuery query, string columns)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statement = new SqlStatement("");
        var sql = new StringBuilder($"SELECT seq, {columns} FROM {_events}");
        sql.Append(query.Subject is null ? "" : _dialect.IndexedBy("events_subject_key")).Append(" WHERE 1 = 1");
        Filter(statement, sql, "source", query.Source);
        Filter(statement, sql, "type", query.Type);
        Filter(statement, sql, "status", query.Status?.ToText());
        Filter(statement, sql, "subject_key", SubjectKey.OfOptional(query.Subject));
        Filter(statement, sql, "subject", query.Subject);
        Filter(statement, sql, "origin", query.Origin?.ToText());
        if (query.EventId is { } prefix)
        {
            sql.Append(" AND ").Append(_dialect.StartsWith("event_id", "event_id"));
            statement.With("event_id", prefix);
        }

        statement.Text = Page(statement, sql, query.After, query.Limit);
        return statement;
    }

    /// <summary>
    /// The route and last error of a failing event's failing delivery (its dead one first), after
    /// the listed columns: what <c>dead list</c> shows without asking for each event.
    /// </summary>
    private string LastErrorColumns =>
        $"""
        CASE WHEN status IN ({Literal(EventStatus.Dead)}, {Literal(EventStatus.Retrying)}) THEN (
            SELECT f.route FROM {_deliveries} f WHERE f.event_seq = events.seq AND f.status IN ({Literal(DeliveryStatus.Dead)}, {Literal(DeliveryStatus.Retrying)})
            ORDER BY CASE WHEN f.status = {Literal(DeliveryStatus.Dead)} THEN 0 ELSE 1 END, f.route LIMIT 1) END,
        CASE WHEN status IN ({Literal(EventStatus.Dead)}, {Literal(EventStatus.Retrying)}) THEN (
            SELECT f.last_error FROM {_deliveries} f WHERE f.event_seq = events.seq AND f.status IN ({Literal(DeliveryStatus.Dead)}, {Literal(DeliveryStatus.Retrying)})
            ORDER BY CASE WHEN f.status = {Literal(DeliveryStatus.Dead)} THEN 0 ELSE 1 END, f.route LIMIT 1) END
        """;

    /// <summary>One event with its sequence first, by its Hookbox id.</summary>
    public SqlStatement GetEvent(string id) =>
        new SqlStatement($"SELECT seq, {InboxColumns.List(InboxColumns.Event)} FROM {_events} WHERE id = @id").With("id", id);

    /// <summary>An event's deliveries, by route.</summary>
    public SqlStatement GetDeliveries(long sequence) => new SqlStatement(
        $"SELECT {InboxColumns.List(InboxColumns.Delivery)} FROM {_deliveries} WHERE event_seq = @seq ORDER BY route").With("seq", sequence);

    /// <summary>A page of the rejection log, newest first.</summary>
    public SqlStatement ListRejections(RejectionQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statement = new SqlStatement("");
        var sql = new StringBuilder($"SELECT seq, {InboxColumns.List(InboxColumns.Rejection)} FROM {_rejections} WHERE 1 = 1");
        Filter(statement, sql, "source", query.Source);
        statement.Text = Page(statement, sql, query.After, query.Limit);
        return statement;
    }

    /// <summary>Refuses a page size out of range before anything is asked of the store.</summary>
    public static void CheckLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
    }

    private static void Filter(SqlStatement statement, StringBuilder sql, string column, object? value)
    {
        if (value is null)
            return;

        sql.Append(" AND ").Append(column).Append(" = @").Append(column);
        statement.With(column, value);
    }

    /// <summary>Older than the cursor, newest first, and one row past the page, which says whether there is a next one.</summary>
    private static string Page(SqlStatement statement, StringBuilder sql, long? after, int limit)
    {
        CheckLimit(limit);
        if (after is { } cursor)
        {
            sql.Append(" AND seq < @after");
            statement.With("after", cursor);
        }

        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        statement.With("limit", limit + 1);
        return sql.ToString();
    }
}
