using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hookbox;

/// <summary>
/// Pocketsflow: the hex HMAC-SHA256 of the body, keyed with the whole secret string (whsec_
/// included); the timestamp is unsigned unless the source opts into the older documented form.
/// Verified by <see cref="PocketsflowSignatureScheme"/>.
/// </summary>
internal sealed class PocketsflowScheme : WebhookScheme
{
    public override string Name => SchemeNames.Pocketsflow;

    public override string DisplayName => "Pocketsflow";

    public override string NoSecrets(string key) =>
        $"{key}:Secrets is empty; set POCKETSFLOW_WEBHOOK_SECRET or {key}:Secrets:0 to the signing secret Pocketsflow shows";

    public override bool HasSignedTimestampSetting => true;

    public override ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors) =>
        new PocketsflowSignatureScheme(keys, options.SignedTimestamp, tolerance);

    /// <summary>The body's webhookId; an event without one is stored under its body's digest.</summary>
    public override IReadOnlyList<FieldLocation> DefaultIds { get; } = [FieldLocation.Pointer("/webhookId")!];

    /// <summary>The body's event, when it has one, is signed; X-Pocketsflow-Event is not, and must agree.</summary>
    public override IReadOnlyList<FieldLocation> DefaultTypes { get; } =
        [FieldLocation.Pointer("/event")!, FieldLocation.Header(PocketsflowSignatureScheme.EventHeader)];

    /// <summary>Orders, then subscriptions (the customer's subscription, which invoices carry too), then payment intents.</summary>
    public override IReadOnlyList<FieldLocation> DefaultSubjects { get; } =
    [
        FieldLocation.Pointer("/order/id")!,
        FieldLocation.Pointer("/subscriptionCustomerId")!,
        FieldLocation.Pointer("/subscriptionCustomer/id")!,
        FieldLocation.Pointer("/paymentIntent/id")!,
    ];

    public override bool HashesBodyWhenIdMissing => true;

    public override string SignatureHeader(SourceOptions options) => PocketsflowSignatureScheme.SignatureHeader;

    public override string? TimestampHeader(SourceOptions options) => PocketsflowSignatureScheme.TimestampHeader;

    /// <summary>A 24-hex webhookId, as Pocketsflow writes them.</summary>
    public override string NewEventId() => RandomHex(12);

    /// <summary>Pocketsflow's bodies are the payload itself, with its webhookId.</summary>
    public override JsonObject SampleBody(JsonObject payload, string eventId, string eventType, DateTimeOffset timestamp)
    {
        payload["webhookId"] = eventId;
        return payload;
    }

    /// <summary>The timestamp in milliseconds, as Pocketsflow sends it, signed only with SignedTimestamp.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook)
    {
        var timestamp = webhook.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var prefix = options.SignedTimestamp ? Encoding.UTF8.GetBytes(timestamp + ".") : [];
        yield return new(PocketsflowSignatureScheme.SignatureHeader, Convert.ToHexStringLower(SignatureMatcher.Compute(HmacAlgorithm.Sha256, key, prefix, webhook.Body, [])));
        yield return new(PocketsflowSignatureScheme.EventHeader, webhook.EventType);
        yield return new(PocketsflowSignatureScheme.TimestampHeader, timestamp);
    }

    public override bool SignsTimestamp(SourceOptions options) => options.SignedTimestamp;

    public override string ExpectedForm(SourceOptions options) => "Pocketsflow sends the HMAC-SHA256 as 64 hex characters, nothing else";

    public override TimestampSettingHint? OtherTimestampSetting(SourceOptions options, IReadOnlyList<byte[]> keys) => new(
        new PocketsflowSignatureScheme(keys, !options.SignedTimestamp, TimeSpan.Zero),
        options.SignedTimestamp
            ? "the signature matches the body alone: this sender does not sign the timestamp; drop --signed-timestamp (for the source, SignedTimestamp: false)"
            : "the signature matches '{timestamp}.{body}': this sender signs the timestamp, as an older Pocketsflow page documents; pass --signed-timestamp (for the source, set SignedTimestamp: true)");

    public override string CatchUpBaseUrl => "https://api.pocketsflow.com";

    public override TimeSpan CatchUpMaxAge => TimeSpan.FromDays(30);

    /// <summary>
    /// An <c>order.completed</c> is recovered from its order, so its webhook is a duplicate of the
    /// order's recovered event, if there is one.
    /// </summary>
    public override string? CatchUpIdOf(EventEnvelope envelope) =>
        envelope.EventType == PocketsflowOrders.EventType && envelope.Subject is { } order ? PocketsflowOrders.EventIdFor(order) : null;

    public override ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) =>
        new PocketsflowCatchUpSender(new CatchUpHttp(http, baseUrl, apiKey));
}
