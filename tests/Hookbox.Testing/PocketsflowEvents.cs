using System.Globalization;
using System.Text;

namespace Hookbox.Testing;

/// <summary>Pocketsflow deliveries as Pocketsflow makes them: compact JSON, signed, with the X-Pocketsflow-* headers.</summary>
public static class PocketsflowEvents
{
    public const string Secret = "whsec_test_0123456789abcdef0123456789abcdef";

    /// <summary>An invoice.payment_succeeded body shaped like the fixture, about 600 bytes.</summary>
    public static byte[] Body(string webhookId) => Encoding.UTF8.GetBytes(
        "{\"subscription\":{\"id\":\"6949918ee8d99b0e628103e0\",\"customerId\":\"cus_8Qx2m1\"}," +
        "\"subscriptionCustomer\":{\"id\":\"6a43ce05fae6c4f0cb5a2193\",\"status\":\"active\",\"active\":true,\"cancelAtPeriodEnd\":false,\"paused\":false}," +
        "\"customer\":{\"email\":\"buyer@example.com\",\"firstName\":\"Jane\",\"lastName\":\"Buyer\"},\"status\":\"active\",\"amount\":1500,\"currency\":\"usd\"," +
        "\"paymentMethod\":{\"id\":\"pm_4Xn8Tz1\",\"type\":\"card\",\"brand\":\"visa\",\"last4\":\"4242\",\"expMonth\":11,\"expYear\":2029}," +
        "\"portalUrl\":\"https://app.pocketsflow.com/portal/6949918ee8d99b0e628103e0/6a43ce05fae6c4f0cb5a2193\"," +
        "\"subscriptionCustomerId\":\"6a43ce05fae6c4f0cb5a2193\",\"clientReferenceId\":\"your-user-id-123\",\"metadata\":{\"plan\":\"pro\"}," +
        $"\"webhookId\":\"{webhookId}\"}}");

    public static string NewWebhookId() => Guid.NewGuid().ToString("N")[..24];

    /// <summary>A signed POST of <paramref name="body"/> to <c>/webhooks/{source}</c>.</summary>
    public static HttpRequestMessage Request(
        byte[] body,
        string eventType = "invoice.payment_succeeded",
        string secret = Secret,
        string source = "pocketsflow",
        string? signature = null)
    {
        return WebhookRequest.Create(source, body,
            ("X-Pocketsflow-Signature", signature ?? Signatures.Pocketsflow(secret, body)),
            ("X-Pocketsflow-Event", eventType),
            ("X-Pocketsflow-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
    }
}
