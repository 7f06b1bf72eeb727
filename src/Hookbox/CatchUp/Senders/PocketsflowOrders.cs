using System.Globalization;
using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Pocketsflow's orders as catch-up reads them. Pocketsflow has no events list, so a look lists
/// orders and makes an <c>order.completed</c> for each one that no stored event refers to.
/// </summary>
/// <remarks>
/// <para>
/// Source: docs.pocketsflow.com, "HTTP API": <c>GET /orders?startDate=&amp;endDate=&amp;page=&amp;pageSize=</c>
/// with <c>Authorization: Bearer pk_live_…</c> (or <c>pk_test_…</c>), answering
/// <c>{"orders":[{"_id":"65xyz789…","buyerEmail":"customer@example.com", …}]}</c>. Only
/// <c>_id</c> and <c>buyerEmail</c> are documented; every other field below is read only when
/// present, and its absence never makes an order unreadable:
/// </para>
/// <list type="bullet">
/// <item><c>_id</c> (documented; <c>id</c> is read when <c>_id</c> is absent): the order id, the event's subject.</item>
/// <item><c>buyerEmail</c> (documented): <c>customer.email</c>.</item>
/// <item><c>createdAt</c> (when present; ISO 8601 or epoch): when the order happened; orders outside the window are skipped.</item>
/// <item><c>status</c> (when present): orders that never completed are skipped (see <see cref="NeverCompleted"/>); an order with no status is taken as completed, since the list is of orders.</item>
/// <item><c>total</c>, else <c>amount</c>, else <c>price</c> (when present): <c>order.amount</c>, the number written exactly as sent (the docs show order amounts as decimals, 29.99; the API's unit is not documented).</item>
/// <item><c>currency</c> (when present): <c>order.currency</c>.</item>
/// <item><c>productId</c>, else <c>product</c> (an id, or an object with <c>_id</c>/<c>id</c> and <c>name</c>) (when present): <c>product</c>.</item>
/// </list>
/// <para>
/// The body made is the <c>order.completed</c> webhook's documented shape, so the typed
/// <c>OrderCompleted</c> handler reads it as it reads a webhook:
/// <c>{"event":"order.completed","order":{"id","status","amount","currency"},"customer":{"email"},"product":{"id","name"},"apiOrder":{…}}</c>,
/// with the API's order kept verbatim under <c>apiOrder</c> for whatever it has that the webhook shape does not.
/// It has no <c>webhookId</c>: its event id is <see cref="EventIdFor"/>, which no webhook id can be.
/// </para>
/// <para>
/// Subscriptions are not reconciled: <c>GET /subscriptions/subscribers</c> exists, but its answer's
/// shape is not documented, so an event made from it could not be trusted to mean what a
/// subscription webhook means.
/// </para>
/// </remarks>
internal static class PocketsflowOrders
{
    /// <summary>The type of the events a look makes from orders.</summary>
    public const string EventType = "order.completed";

    /// <summary>
    /// Order statuses that mean the buyer never paid: such an order never had an
    /// <c>order.completed</c>, so none is made. A refunded order did complete (and keeps its event).
    /// Any <c>requires_…</c> status (Stripe's payment states: requires_payment_method, requires_action…) is one too.
    /// </summary>
    public static IReadOnlySet<string> NeverCompleted { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "pending", "failed", "canceled", "cancelled", "incomplete", "incomplete_expired", "expired",
        "abandoned", "unpaid", "processing",
    };

    /// <summary>
    /// The event id of the event made from an order: stable, so a second look finds it stored, and
    /// never a webhook id (those have no colon), so the two can't be mistaken for each other.
    /// </summary>
    public static string EventIdFor(string orderId) => "order:" + orderId;

    /// <summary>True when an order's status says it never completed.</summary>
    public static bool IsNeverCompleted(string? status) =>
        status is not null && (NeverCompleted.Contains(status) || status.StartsWith("requires_", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The event an order stands for; null when there is none to make: the order never completed
    /// or falls outside <paramref name="window"/> (no <paramref name="problem"/>), or it can't be read (<paramref name="problem"/> says why, without its content).
    /// </summary>
    public static CatchUpItem? ToItem(JsonElement order, CatchUpWindow window, out string? problem)
    {
        problem = null;
        if (order.ValueKind != JsonValueKind.Object)
        {
            problem = "is not an object";
            return null;
        }

        if ((CatchUpJson.Id(order, "_id") ?? CatchUpJson.Id(order, "id")) is not { } orderId)
        {
            problem = "has no _id";
            return null;
        }

        var eventId = EventIdFor(orderId);
        if (CatchUpJson.Unusable(eventId, EventType) is { } unusable)
        {
            problem = unusable;
            return null;
        }

        var status = CatchUpJson.Text(order, "status");
        if (IsNeverCompleted(status))
            return null;

        var createdAt = order.TryGetProperty("createdAt", out var created) ? CatchUpJson.Time(created) : null;
        if (createdAt is { } time && !window.Contains(time))
            return null;

        return new CatchUpItem(eventId, EventType, orderId, createdAt, Body(order, orderId, status));
    }

    /// <summary>The <c>order.completed</c> body for an order, in the webhook's shape.</summary>
    private static byte[] Body(JsonElement order, string orderId, string? status)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", EventType);

            json.WriteStartObject("order");
            json.WriteString("id", orderId);
            json.WriteString("status", status ?? "completed");
            if (Amount(order) is { } amount)
            {
                json.WritePropertyName("amount");
                // As sent: a number keeps its exact digits; a numeric string stays a string, which the typed reader also takes.
                if (amount.ValueKind == JsonValueKind.Number)
                    json.WriteRawValue(amount.GetRawText());
                else
                    json.WriteStringValue(amount.GetString());
            }

            if (CatchUpJson.Text(order, "currency") is { } currency)
                json.WriteString("currency", currency);
            json.WriteEndObject();

            if (CatchUpJson.Text(order, "buyerEmail") is { } email)
            {
                json.WriteStartObject("customer");
                json.WriteString("email", email);
                json.WriteEndObject();
            }

            var (productId, productName) = Product(order);
            if (productId is not null || productName is not null)
            {
                json.WriteStartObject("product");
                if (productId is not null)
                    json.WriteString("id", productId);
                if (productName is not null)
                    json.WriteString("name", productName);
                json.WriteEndObject();
            }

            json.WritePropertyName("apiOrder");
            order.WriteTo(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static JsonElement? Amount(JsonElement order)
    {
        foreach (var name in (ReadOnlySpan<string>)["total", "amount", "price"])
        {
            if (!order.TryGetProperty(name, out var value))
                continue;

            // Only what the typed reader's decimal takes: a number it can't hold would make the whole body unreadable.
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _))
                return value;

            if (value.ValueKind == JsonValueKind.String
                && decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                return value;
        }

        return null;
    }

    private static (string? Id, string? Name) Product(JsonElement order)
    {
        if (CatchUpJson.Id(order, "productId") is { } productId)
            return (productId, null);

        if (!order.TryGetProperty("product", out var product))
            return (null, null);

        return product.ValueKind == JsonValueKind.Object
            ? (CatchUpJson.Id(product, "_id") ?? CatchUpJson.Id(product, "id"), CatchUpJson.Text(product, "name"))
            : (CatchUpJson.Id(product), null);
    }
}
