using System.Text;
using System.Text.Json.Nodes;

namespace Hookbox;

/// <summary>
/// Stripe: <c>Stripe-Signature: t=&lt;seconds&gt;,v1=&lt;hex&gt;</c>, an HMAC-SHA256 of
/// <c>{t}.{body}</c> keyed with the whole whsec_ secret string. Events are
/// <c>{"id", "type", "data": {"object"}}</c>. Verified by <see cref="StripeSignatureScheme"/>.
/// </summary>
internal sealed class StripeScheme : WebhookScheme
{
    public override string Name => SchemeNames.Stripe;

    public override string DisplayName => "Stripe";

    public override ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors) =>
        new StripeSignatureScheme(keys, tolerance);

    public override IReadOnlyList<FieldLocation> DefaultSubjects { get; } = [FieldLocation.Pointer("/data/object/id")!];

    public override string SignatureHeader(SourceOptions options) => StripeSignatureScheme.SignatureHeader;

    public override string? TimestampHeader(SourceOptions options) => $"t= part of {StripeSignatureScheme.SignatureHeader}";

    /// <summary>Stripe carries its timestamp inside the header; a timestamp given apart is put back there.</summary>
    public override ReceivedHeaders Headers(SourceOptions options, string signature, string? timestamp, string? id) =>
        new([new(StripeSignatureScheme.SignatureHeader, timestamp is not null && !signature.Contains("t=", StringComparison.Ordinal) ? $"t={timestamp},{signature}" : signature)]);

    public override JsonObject SampleBody(JsonObject payload, string eventId, string eventType, DateTimeOffset timestamp) => new()
    {
        ["id"] = eventId,
        ["object"] = "event",
        ["created"] = timestamp.ToUnixTimeSeconds(),
        ["type"] = eventType,
        ["data"] = new JsonObject { ["object"] = payload },
    };

    protected override IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook)
    {
        var timestamp = Seconds(webhook.Timestamp);
        var signature = SignatureMatcher.Compute(HmacAlgorithm.Sha256, key, Encoding.UTF8.GetBytes(timestamp + "."), webhook.Body, []);
        yield return new(StripeSignatureScheme.SignatureHeader, $"t={timestamp},v1={Convert.ToHexStringLower(signature)}");
    }

    public override bool SignsTimestamp(SourceOptions options) => true;

    public override string ExpectedForm(SourceOptions options) => "Stripe sends t=<seconds>,v1=<64 hex characters>[,v1=…]";

    public override string CatchUpBaseUrl => "https://api.stripe.com";

    /// <summary>Stripe lists 30 days of events.</summary>
    public override TimeSpan CatchUpMaxAge => TimeSpan.FromDays(30);

    public override ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) =>
        new StripeCatchUpSender(new CatchUpHttp(http, baseUrl, apiKey));
}
