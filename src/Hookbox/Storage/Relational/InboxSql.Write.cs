namespace Hookbox.Storage.Relational;

// What appends share: the deliveries planned with an event, and the rejection log's bounds. The
// events themselves go in the provider's own way (SQLite one prepared insert per event on its one
// writer, PostgreSQL a batch of arrays in one statement), from InboxColumns.EventInsert.
internal sealed partial class InboxSql
{
    /// <summary>
    /// Adds the deliveries <paramref name="planned"/> (an event's sequence, the delivery, when it is
    /// due) in one statement, pending with no attempt yet; a delivery already there is left alone.
    /// </summary>
    public SqlStatement Plan(IReadOnlyList<(long Sequence, PlannedDelivery Delivery, DateTimeOffset Due)> planned)
    {
        var statement = new SqlStatement("");
        var rows = _dialect.Rows(statement, "p", planned.Count,
            RowColumn.Of("seq", SqlType.BigInt, planned, p => p.Sequence),
            RowColumn.Of("route", SqlType.Text, planned, p => p.Delivery.Route),
            RowColumn.Of("order_key", SqlType.Text, planned, p => p.Delivery.OrderKey),
            RowColumn.Of("due", SqlType.Time, planned, p => p.Due));

        // WHERE true: SQLite reads an upsert after a bare FROM as a join's ON.
        statement.Text = InsertDeliveries($"SELECT {NewDelivery("p.seq", "p.route", "p.due", "p.order_key")} FROM {rows} WHERE true");
        return statement;
    }

    /// <summary>The SELECT list of a new delivery, for a provider that plans deliveries in its own insert (PostgreSQL's, in the event's statement).</summary>
    public static string NewDeliveryColumns(string sequence, string route, string due, string orderKey) => NewDelivery(sequence, route, due, orderKey);

    /// <inheritdoc cref="InsertDeliveries"/>
    public string InsertDeliveriesFrom(string select) => InsertDeliveries(select);

    /// <summary>Keeps the newest <paramref name="capacity"/> rejections of all.</summary>
    public SqlStatement TrimRejections(long capacity) => new SqlStatement(
        $"DELETE FROM {_rejections} WHERE seq <= (SELECT MAX(seq) FROM {_rejections}) - @capacity")
        .With("capacity", capacity);

    /// <summary>Keeps each of <paramref name="sources"/>' newest <paramref name="keep"/>, so a flood at one source never evicts another's.</summary>
    public SqlStatement TrimRejectionsOfSources(IEnumerable<string> sources, long keep) => new SqlStatement(
        $"""
        DELETE FROM {_rejections} WHERE {_dialect.In("source", "sources")}
            AND seq <= (SELECT r.seq FROM {_rejections} r WHERE r.source = rejections.source ORDER BY r.seq DESC LIMIT 1 OFFSET @keep)
        """)
        .With("sources", _dialect.BindList(SqlType.Text, sources))
        .With("keep", keep);

    /// <summary>Keeps the newest rejections that fit in <paramref name="bytes"/> of headers and messages: the newest past the budget goes with all older ones.</summary>
    public SqlStatement TrimRejectionBytes(long bytes) => new SqlStatement(
        $"""
        DELETE FROM {_rejections} WHERE seq <= (
            SELECT seq FROM (SELECT seq, SUM({_dialect.ByteLength("headers")} + {_dialect.ByteLength("message")}) OVER (ORDER BY seq DESC) AS kept FROM {_rejections}) k
            WHERE kept > @bytes ORDER BY seq DESC LIMIT 1)
        """)
        .With("bytes", bytes);
}
