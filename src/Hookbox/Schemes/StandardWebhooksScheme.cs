using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hookbox;

/// <summary>
/// Standard Webhooks (and Svix): <c>v1,&lt;base64&gt;</c> HMAC-SHA256 of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64 bytes after whsec_.
/// The id and the timestamp are signed. Verified by <see cref="StandardWebhooksSignatureScheme"/>.
/// </summary>
internal sealed class StandardWebhooksScheme : WebhookScheme
{
    private const string SvixIdHeader = "svix-id";

    public override string Name => SchemeNames.StandardWebhooks;

    public override string DisplayName => "Standard Webhooks";

    /// <summary>The scheme decides what whsec_ means: base64 key material here, part of the literal key for Pocketsflow and Stripe. Never a guess.</summary>
    public override byte[]? KeyFrom(string secret) => StandardWebhooksSignatureScheme.KeyFromSecret(secret);

    public override string InvalidSecret => "is not a Standard Webhooks secret: expected whsec_ followed by base64";

    public override ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors) =>
        new StandardWebhooksSignatureScheme(keys, tolerance);

    public override IReadOnlyList<FieldLocation> DefaultIds { get; } =
        [FieldLocation.Header(StandardWebhooksSignatureScheme.IdHeader, signed: true), FieldLocation.Header(SvixIdHeader, signed: true)];

    /// <summary>Only the id header is signed, under either name.</summary>
    public override bool SignsHeader(string header) =>
        header.Equals(StandardWebhooksSignatureScheme.IdHeader, StringComparison.OrdinalIgnoreCase) || header.Equals(SvixIdHeader, StringComparison.OrdinalIgnoreCase);

    public override string SignatureHeader(SourceOptions options) => StandardWebhooksSignatureScheme.SignatureHeader;

    public override string? TimestampHeader(SourceOptions options) => StandardWebhooksSignatureScheme.TimestampHeader;

    public override ReceivedHeaders Headers(SourceOptions options, string signature, string? timestamp, string? id)
    {
        var headers = new List<KeyValuePair<string, string>> { new(StandardWebhooksSignatureScheme.SignatureHeader, signature) };
        if (timestamp is not null)
            headers.Add(new(StandardWebhooksSignatureScheme.TimestampHeader, timestamp));

        if (id is not null)
            headers.Add(new(StandardWebhooksSignatureScheme.IdHeader, id));

        return new ReceivedHeaders(headers);
    }

    public override string NewEventId() => "msg_" + RandomHex(12);

    /// <summary>The specification's payload shape: <c>{"type", "timestamp", "data"}</c>; the id travels in <c>webhook-id</c>.</summary>
    public override JsonObject SampleBody(JsonObject payload, string eventId, string eventType, DateTimeOffset timestamp) =>
        new() { ["type"] = eventType, ["timestamp"] = timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), ["data"] = payload };

    protected override IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook)
    {
        yield return new(StandardWebhooksSignatureScheme.IdHeader, webhook.EventId);
        yield return new(StandardWebhooksSignatureScheme.TimestampHeader, Seconds(webhook.Timestamp));
        yield return new(StandardWebhooksSignatureScheme.SignatureHeader, StandardWebhooksSigner.Sign(key, webhook.EventId, webhook.Timestamp.ToUnixTimeSeconds(), webhook.Body));
    }

    public override bool SignsTimestamp(SourceOptions options) => true;

    public override string ExpectedForm(SourceOptions options) =>
        "Standard Webhooks sends space-separated v1,<base64> entries, and the timestamp in whole seconds";

    public override string? SignedIdHeader => StandardWebhooksSignatureScheme.IdHeader;

    /// <summary>The whole string as UTF-8 key bytes, written as the base64 secret Standard Webhooks decodes.</summary>
    public override IEnumerable<SecretForm> MistakenForms(string secret)
    {
        yield return new("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
            "the whole secret string as the key, as Pocketsflow and Stripe use theirs, instead of the base64 bytes after whsec_: check --scheme");
    }

    public override void ValidateCatchUp(string key, CatchUpOptions options, ICollection<string> errors) => ValidateEventsList(key, options, errors);

    public override ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) => EventsListSender(options, baseUrl, http, apiKey);
}
