using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// Paddle Billing's events list, <c>GET /events</c>, as Paddle documents it: ordered
/// <c>id[DESC]</c> by default (<c>order_by=id[ASC]</c> too), no time filter, paged with
/// <c>after=&lt;event_id&gt;</c> and <c>per_page</c> (default 50, at most 200), answering
/// <c>{"data":[{"event_id","event_type","occurred_at","data"}],"meta":{"request_id","pagination":{"per_page","next","has_more","estimated_total"}}}</c>.
/// </summary>
public sealed class FakePaddleApi : FakeApi
{
    /// <summary>The key a fake takes unless told otherwise.</summary>
    public const string DefaultApiKey = "pdl_sdbx_apikey_fakecatchup0123456789";

    private readonly List<FakeApiEvent> _events = [];
    private long _sequence;

    private FakePaddleApi(string apiKey)
        : base(apiKey)
    {
    }

    /// <summary>Starts a fake Paddle on 127.0.0.1.</summary>
    public static Task<FakePaddleApi> StartAsync(string apiKey = DefaultApiKey, CancellationToken cancellationToken = default) =>
        Started(new FakePaddleApi(apiKey), cancellationToken);

    /// <summary>
    /// Adds an event. Its id, like Paddle's, sorts by time: events added later at a later
    /// <paramref name="occurredAt"/> list first. <paramref name="data"/> defaults to a small transaction.
    /// </summary>
    public FakeApiEvent AddEvent(string eventType, DateTimeOffset occurredAt, JsonObject? data = null)
    {
        lock (_events)
        {
            var sequence = ++_sequence;
            var id = $"evt_{occurredAt.ToUnixTimeMilliseconds():D14}{sequence:D6}";
            var json = new JsonObject
            {
                ["event_id"] = id,
                ["event_type"] = eventType,
                ["occurred_at"] = occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                ["data"] = data ?? new JsonObject
                {
                    ["id"] = $"txn_{sequence:D8}",
                    ["status"] = "completed",
                    ["currency_code"] = "USD",
                    ["details"] = new JsonObject { ["totals"] = new JsonObject { ["total"] = "1999" } },
                },
            }.ToJsonString();
            var added = new FakeApiEvent(id, json);
            _events.Add(added);
            return added;
        }
    }

    private protected override FakeApiAnswer Answer(HttpRequest request)
    {
        if (request.Path != "/events")
            return new FakeApiAnswer(404, Error("request_error", "not_found", "Entity not found."));

        if (IntQuery(request, "per_page", 50, 1, 200) is not { } perPage)
            return new FakeApiAnswer(400, Error("request_error", "invalid_field", "per_page must be between 1 and 200."));

        var ascending = Query(request, "order_by") is "id[ASC]";
        List<FakeApiEvent> events;
        lock (_events)
        {
            events = ascending
                ? [.. _events.OrderBy(e => e.Id, StringComparer.Ordinal)]
                : [.. _events.OrderByDescending(e => e.Id, StringComparer.Ordinal)];
        }

        if (Query(request, "after") is { } after)
            events = [.. events.Where(e => ascending ? string.CompareOrdinal(e.Id, after) > 0 : string.CompareOrdinal(e.Id, after) < 0)];

        var page = events.Take(perPage).ToList();
        var hasMore = events.Count > page.Count;
        var next = page.Count == 0 ? null : $"{Origin}/events?after={Uri.EscapeDataString(page[^1].Id)}&per_page={perPage}";
        var meta = new JsonObject
        {
            ["request_id"] = Guid.NewGuid().ToString(),
            ["pagination"] = new JsonObject
            {
                ["per_page"] = perPage,
                ["next"] = next,
                ["has_more"] = hasMore,
                ["estimated_total"] = events.Count,
            },
        };
        var json = new StringBuilder("{\"data\":[")
            .AppendJoin(',', page.Select(e => e.Json))
            .Append("],\"meta\":")
            .Append(meta.ToJsonString())
            .Append('}');
        return new FakeApiAnswer(200, json.ToString());
    }

    private protected override string ErrorBody(int statusCode) => statusCode switch
    {
        401 => Error("request_error", "authentication_malformed", "Authentication header included, but incorrectly formatted."),
        403 => Error("request_error", "forbidden", "You aren't permitted to perform this request."),
        429 => Error("request_error", "too_many_requests", "IP address exceeded the allowed rate limit. Retry after the number of seconds in the Retry-After header."),
        _ => Error("api_error", "internal_error", "An internal error has occurred, please try again later."),
    };

    private protected override void DropFirstItemId(JsonNode body)
    {
        if (body["data"] is JsonArray { Count: > 0 } data && data[0] is JsonObject first)
            first.Remove("event_id");
    }

    private static string Error(string type, string code, string detail) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["type"] = type,
            ["code"] = code,
            ["detail"] = detail,
            ["documentation_url"] = $"https://developer.paddle.com/errors/shared/{code}",
        },
        ["meta"] = new JsonObject { ["request_id"] = Guid.NewGuid().ToString() },
    }.ToJsonString();
}
