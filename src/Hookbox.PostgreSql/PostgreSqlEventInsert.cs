using Hookbox.Storage.Relational;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// The statement that stores a batch of events with their deliveries, in one round trip. Its text
/// depends on the schema only, so it is written once, with positional parameters
/// (<see cref="PostgreSqlDialect.PositionalArrays"/>). In order: one array per
/// <see cref="InboxColumns.EventInsert"/> column, the catch-up ids, then the planned deliveries'
/// event ids, routes and order keys.
/// </summary>
internal sealed class PostgreSqlEventInsert
{
    private readonly string _text;

    public PostgreSqlEventInsert(string schema, InboxSql sql)
    {
        var columns = InboxColumns.EventInsert;
        var names = string.Join(", ", columns.Select(c => c.Name));
        var arrays = PostgreSqlDialect.PositionalArrays(columns);
        var catchUpIds = columns.Count + 1;
        var deliveries = catchUpIds + 1;

        // Routed in the same statement: an event is never durable without its deliveries, which
        // are due at once. An event with a catch-up id that names a stored event is not inserted:
        // it is that event, come again under another id. No conflict target: a stored event id
        // and a stored body digest (its own unique index) each make the row a copy, not an error.
        _text =
            $"""
            WITH input AS (
                SELECT * FROM unnest({arrays}, ${catchUpIds}::text[]) WITH ORDINALITY AS i ({names}, catch_up_id, n)
            ),
            inserted AS (
                INSERT INTO {schema}.events ({names})
                SELECT {names} FROM input
                WHERE catch_up_id IS NULL
                   OR NOT EXISTS (SELECT 1 FROM {schema}.events e WHERE e.source = input.source AND e.event_id = input.catch_up_id)
                ORDER BY n
                ON CONFLICT DO NOTHING
                RETURNING seq, id, received_at
            ),
            planned AS (
                {sql.InsertDeliveriesFrom(
                    $"SELECT {InboxSql.NewDeliveryColumns("inserted.seq", "d.route", "inserted.received_at", "d.order_key")} "
                    + $"FROM unnest(${deliveries}::text[], ${deliveries + 1}::text[], ${deliveries + 2}::text[]) AS d (id, route, order_key) "
                    + "JOIN inserted ON inserted.id = d.id WHERE true")}
            )
            SELECT id FROM inserted
            """;
    }

    /// <summary>The statement for <paramref name="events"/>; it answers with the ids of those it stored.</summary>
    public NpgsqlBatchCommand Command(IReadOnlyList<IncomingEvent> events)
    {
        var command = new NpgsqlBatchCommand(_text);
        var parameters = command.Parameters;
        PostgreSqlDialect.AddArrays(parameters, InboxColumns.EventInsert, events);

        var catchUpIds = new string?[events.Count];
        var routed = 0;
        for (var i = 0; i < events.Count; i++)
        {
            catchUpIds[i] = events[i].CatchUpId;
            routed += events[i].Deliveries.Count;
        }

        var eventIds = new string[routed];
        var routes = new string[routed];
        var orderKeys = new string?[routed];
        var d = 0;
        foreach (var incoming in events)
        {
            for (var j = 0; j < incoming.Deliveries.Count; j++)
            {
                eventIds[d] = incoming.Id;
                routes[d] = incoming.Deliveries[j].Route;
                orderKeys[d] = incoming.Deliveries[j].OrderKey;
                d++;
            }
        }

        parameters.Add(new NpgsqlParameter { Value = catchUpIds });
        parameters.Add(new NpgsqlParameter { Value = eventIds });
        parameters.Add(new NpgsqlParameter { Value = routes });
        parameters.Add(new NpgsqlParameter { Value = orderKeys });
        return command;
    }
}
