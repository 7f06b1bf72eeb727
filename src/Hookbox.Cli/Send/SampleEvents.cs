using System.Reflection;
using System.Text.Json.Nodes;

namespace Hookbox.Cli;

/// <summary>
/// Sample Pocketsflow payloads for every documented event type: the example repository's
/// fixtures where they exist, documented shapes otherwise. Sources of the other schemes get the
/// same payloads, wrapped as their senders wrap an event.
/// </summary>
internal static class SampleEvents
{
    private const string Customer = """{"email":"buyer@example.com","firstName":"Jane","lastName":"Buyer"}""";

    private const string Order =
        """
        {"event":"order.completed",
         "order":{"id":"ord_5Kq9Xv","status":"completed","amount":29.99,"currency":"usd"},
         "product":{"id":"prod_7Hc2Lm","name":"Pro course","price":29.99},
         "customer":{"email":"buyer@example.com","firstName":"Jane","lastName":"Buyer"},
         "tax":{"ToCountry":"US","ToState":"CA","Rate":0.0825,"Amount":2.47},
         "clientReferenceId":"your-user-id-123","metadata":{"plan":"pro"}}
        """;

    private const string PaymentIntent =
        """
        {"paymentIntent":{"id":"pi_3Rk8Vd","amount":1500,"currency":"usd","status":"succeeded"},
         "customer":{"email":"buyer@example.com","firstName":"Jane","lastName":"Buyer"},
         "clientReferenceId":"your-user-id-123","metadata":{"plan":"pro"}}
        """;

    /// <summary>Every documented Pocketsflow event type, with where its sample body comes from.</summary>
    private static readonly Dictionary<string, Func<JsonObject>> Samples = new(StringComparer.Ordinal)
    {
        ["order.completed"] = () => Parse(Order),
        ["order.refunded"] = () => With(Parse(Order), o =>
        {
            o["event"] = "order.refunded";
            o["order"]!["status"] = "refunded";
        }),
        ["customer.subscription.created"] = () => Fixture("customer.subscription.created"),
        ["customer.subscription.updated"] = () => Fixture("customer.subscription.updated"),
        ["customer.subscription.deleted"] = () => Fixture("customer.subscription.deleted"),
        ["customer.subscription.pause"] = () => Paused(),
        ["customer.subscription.paused"] = () => Paused(),
        ["customer.subscription.resumed"] = () => Fixture("customer.subscription.updated"),
        ["customer.subscription.trial_will_end"] = () => With(Fixture("customer.subscription.created"), o =>
        {
            o["status"] = "trialing";
            o["subscriptionCustomer"]!["status"] = "trialing";
            o["trialEnd"] = "2026-12-02T00:00:00.000Z";
        }),
        ["invoice.created"] = () => Fixture("invoice.payment_succeeded"),
        ["invoice.upcoming"] = () => Fixture("invoice.payment_succeeded"),
        ["invoice.paid"] = () => Fixture("invoice.payment_succeeded"),
        ["invoice.payment_succeeded"] = () => Fixture("invoice.payment_succeeded"),
        ["invoice.payment_failed"] = () => With(Fixture("invoice.payment_succeeded"), o =>
        {
            o["status"] = "past_due";
            o["subscriptionCustomer"]!["status"] = "past_due";
        }),
        ["payment_intent.succeeded"] = () => Parse(PaymentIntent),
        ["payment_intent.payment_failed"] = () => With(Parse(PaymentIntent), o => o["paymentIntent"]!["status"] = "requires_payment_method"),
        ["customer.created"] = () => new JsonObject { ["customer"] = Parse(Customer) },
    };

    public static IEnumerable<string> Types => Samples.Keys;

    public static bool IsKnown(string eventType) => Samples.ContainsKey(eventType);

    /// <summary>A new sample payload for <paramref name="eventType"/>; the source's scheme wraps it as its sender does, and gives it its id.</summary>
    public static JsonObject Payload(string eventType) => Samples[eventType]();

    private static JsonObject Paused() => With(Fixture("customer.subscription.updated"), o =>
    {
        o["status"] = "paused";
        o["subscriptionCustomer"]!["status"] = "paused";
        o["subscriptionCustomer"]!["paused"] = true;
    });

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject(); // the constants above are JSON objects

    private static JsonObject With(JsonObject body, Action<JsonObject> change)
    {
        change(body);
        return body;
    }

    private static JsonObject Fixture(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Hookbox.Cli.Samples.{name}.json")
            ?? throw new InvalidOperationException($"The sample {name}.json is not embedded in this build.");
        return JsonNode.Parse(stream)!.AsObject(); // the fixtures are JSON objects
    }
}
