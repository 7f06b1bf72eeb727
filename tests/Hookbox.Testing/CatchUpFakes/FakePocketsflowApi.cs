using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// Pocketsflow's orders list as its docs describe it ("HTTP API"): <c>GET /orders?startDate=&amp;endDate=&amp;page=&amp;pageSize=</c>
/// with <c>Authorization: Bearer pk_…</c>, answering <c>{"orders":[…]}</c>, filtered on each order's
/// creation time, pages counted from 1. The docs show only <c>_id</c> and <c>buyerEmail</c>; the
/// other fields of <see cref="AddOrder(string, string, DateTimeOffset, decimal, string, string, string?)"/>
/// are this fake's guess at the rest, and the error bodies (not documented) are a plain <c>{"message"}</c>.
/// Newest first; the default page size (not documented) is 10, at most 100.
/// </summary>
public sealed class FakePocketsflowApi : FakeApi
{
    /// <summary>The key a fake takes unless told otherwise.</summary>
    public const string DefaultApiKey = "pk_test_fakeCatchUpKey0123456789";

    private readonly List<(DateTimeOffset CreatedAt, long Order, JsonObject Json)> _orders = [];
    private long _order;

    private FakePocketsflowApi(string apiKey)
        : base(apiKey)
    {
    }

    /// <summary>Starts a fake Pocketsflow on 127.0.0.1.</summary>
    public static Task<FakePocketsflowApi> StartAsync(string apiKey = DefaultApiKey, CancellationToken cancellationToken = default) =>
        Started(new FakePocketsflowApi(apiKey), cancellationToken);

    /// <summary>Adds an order, <c>{"_id","buyerEmail","createdAt","status","total","currency","productId"}</c>.</summary>
    public void AddOrder(string id, string buyerEmail, DateTimeOffset createdAt, decimal total = 29.99m, string currency = "usd", string status = "completed", string? productId = null)
    {
        var order = new JsonObject
        {
            ["_id"] = id,
            ["buyerEmail"] = buyerEmail,
            ["createdAt"] = createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["status"] = status,
            ["total"] = total,
            ["currency"] = currency,
        };
        if (productId is not null)
            order["productId"] = productId;
        AddOrder(order, createdAt);
    }

    /// <summary>Adds an order of any shape, listed as created at <paramref name="createdAt"/> whatever it holds.</summary>
    public void AddOrder(JsonObject order, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_orders)
            _orders.Add((createdAt, ++_order, order.DeepClone().AsObject()));
    }

    private protected override FakeApiAnswer Answer(HttpRequest request)
    {
        if (request.Path != "/orders")
            return new FakeApiAnswer(404, Message("Not found"));

        if (IntQuery(request, "page", 1, 1, int.MaxValue) is not { } page || IntQuery(request, "pageSize", 10, 1, 100) is not { } pageSize)
            return new FakeApiAnswer(400, Message("page must be a number from 1, pageSize from 1 to 100"));

        DateTimeOffset? from = null, to = null;
        foreach (var (name, set) in new (string, Action<DateTimeOffset>)[] { ("startDate", t => from = t), ("endDate", t => to = t) })
        {
            if (Query(request, name) is not { } text)
                continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return new FakeApiAnswer(400, Message($"{name} must be an ISO 8601 date"));
            set(time);
        }

        List<JsonObject> orders;
        lock (_orders)
        {
            orders = [.. _orders
                .Where(o => (from is null || o.CreatedAt >= from) && (to is null || o.CreatedAt <= to))
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Order)
                .Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize)
                .Select(o => o.Json.DeepClone().AsObject())];
        }

        return new FakeApiAnswer(200, new JsonObject { ["orders"] = new JsonArray([.. orders]) }.ToJsonString());
    }

    private protected override string ErrorBody(int statusCode) => Message(statusCode switch
    {
        401 or 403 => "Unauthorized",
        429 => "Too many requests, please try again later.",
        _ => "Internal server error",
    });

    private protected override void DropFirstItemId(JsonNode body)
    {
        if (body["orders"] is JsonArray { Count: > 0 } orders && orders[0] is JsonObject first)
        {
            first.Remove("_id");
            first.Remove("id");
        }
    }

    private static string Message(string message) => new JsonObject { ["message"] = message }.ToJsonString();
}
