using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// Stripe's events list, <c>GET /v1/events</c>, as Stripe answers it: newest first, filtered by
/// <c>created[gte|gt|lte|lt]</c>, <c>limit</c> 1–100 (default 10), paged with
/// <c>starting_after</c>, <c>{"object":"list","url":"/v1/events","has_more":…,"data":[…]}</c>.
/// </summary>
public sealed class FakeStripeApi : FakeApi
{
    /// <summary>The key a fake takes unless told otherwise.</summary>
    public const string DefaultApiKey = "rk_test_fake_catch_up_key";

    private readonly List<(long Created, long Order, FakeApiEvent Event)> _events = [];
    private long _order;

    private FakeStripeApi(string apiKey)
        : base(apiKey)
    {
    }

    /// <summary>Starts a fake Stripe on 127.0.0.1.</summary>
    public static Task<FakeStripeApi> StartAsync(string apiKey = DefaultApiKey, CancellationToken cancellationToken = default) =>
        Started(new FakeStripeApi(apiKey), cancellationToken);

    /// <summary>
    /// Adds an event of <paramref name="type"/> created at <paramref name="created"/> (whole seconds, as Stripe keeps them),
    /// about <paramref name="dataObject"/> (default: a payment intent <c>pi_…</c>); <paramref name="id"/> defaults to a fresh <c>evt_…</c>.
    /// </summary>
    public FakeApiEvent AddEvent(string type, DateTimeOffset created, JsonObject? dataObject = null, string? id = null)
    {
        lock (_events)
        {
            var order = ++_order;
            id ??= $"evt_{order:D8}{Guid.NewGuid():N}"[..28];
            dataObject ??= new JsonObject
            {
                ["id"] = $"pi_{order:D8}",
                ["object"] = "payment_intent",
                ["amount"] = 2000,
                ["currency"] = "usd",
                ["status"] = "succeeded",
            };
            var seconds = created.ToUnixTimeSeconds();
            var json = new JsonObject
            {
                ["id"] = id,
                ["object"] = "event",
                ["api_version"] = "2024-06-20",
                ["created"] = seconds,
                ["data"] = new JsonObject { ["object"] = dataObject },
                ["livemode"] = false,
                ["pending_webhooks"] = 0,
                ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
                ["type"] = type,
            }.ToJsonString();
            var added = new FakeApiEvent(id, json);
            _events.Add((seconds, order, added));
            return added;
        }
    }

    private protected override FakeApiAnswer Answer(HttpRequest request)
    {
        if (request.Path != "/v1/events")
            return new FakeApiAnswer(404, Error("invalid_request_error", $"Unrecognized request URL (GET: {request.Path}).", code: null));

        if (IntQuery(request, "limit", 10, 1, 100) is not { } limit)
            return new FakeApiAnswer(400, Error("invalid_request_error", "Invalid integer: limit must be between 1 and 100", code: "parameter_invalid_integer"));

        List<(long Created, long Order, FakeApiEvent Event)> events;
        lock (_events)
        {
            events = [.. _events
                .Where(e => Matches(request, "created[gte]", v => e.Created >= v) && Matches(request, "created[gt]", v => e.Created > v)
                         && Matches(request, "created[lte]", v => e.Created <= v) && Matches(request, "created[lt]", v => e.Created < v))
                .OrderByDescending(e => e.Created).ThenByDescending(e => e.Order)];
        }

        var start = 0;
        if (Query(request, "starting_after") is { } after)
        {
            var index = events.FindIndex(e => e.Event.Id == after);
            if (index < 0)
                return new FakeApiAnswer(400, Error("invalid_request_error", $"No such event: '{after}'", code: "resource_missing"));
            start = index + 1;
        }

        var page = events.Skip(start).Take(limit).ToList();
        var hasMore = start + page.Count < events.Count;
        // Written by hand so each event's JSON is exactly what AddEvent returned.
        var json = new StringBuilder("{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":")
            .Append(hasMore ? "true" : "false")
            .Append(",\"data\":[")
            .AppendJoin(',', page.Select(e => e.Event.Json))
            .Append("]}");
        return new FakeApiAnswer(200, json.ToString());
    }

    private protected override string ErrorBody(int statusCode) => statusCode switch
    {
        // Stripe shows part of the key sent; the fake shows none of it.
        401 => Error("invalid_request_error", "Invalid API Key provided: ****", code: null),
        403 => Error("invalid_request_error", "The provided key does not have the required permissions for this endpoint.", code: "secret_key_required"),
        429 => Error("invalid_request_error", "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.", code: "rate_limit"),
        >= 500 => Error("api_error", "An unknown error occurred", code: null),
        _ => Error("invalid_request_error", "Invalid request", code: null),
    };

    private protected override void DropFirstItemId(JsonNode body)
    {
        if (body["data"] is JsonArray { Count: > 0 } data && data[0] is JsonObject first)
            first.Remove("id");
    }

    private static bool Matches(HttpRequest request, string name, Func<long, bool> test) =>
        Query(request, name) is not { } text || (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && test(value));

    private static string Error(string type, string message, string? code)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
            error["code"] = code;
        return new JsonObject { ["error"] = error }.ToJsonString();
    }
}
