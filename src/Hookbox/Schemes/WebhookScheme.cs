using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hookbox;

/// <summary>
/// Everything Hookbox knows about one signature scheme, in one place: the form of its secrets,
/// its headers, where its events carry their id, type and subject, how its sender signs (for
/// <c>hookbox send</c>), how a delivery is verified, and what to suggest when one does not
/// verify (for <c>hookbox verify</c>), and how catch-up reads its sender's API. The source
/// factory, catch-up and the CLI ask the scheme; none of them switches on its name. Adding a scheme is adding a subclass and registering it in
/// <see cref="WebhookSchemes"/>.
/// </summary>
internal abstract class WebhookScheme
{
    private const string WhsecPrefix = "whsec_";

    /// <summary>The name configuration uses, one of <see cref="SchemeNames.All"/>.</summary>
    public abstract string Name { get; }

    /// <summary>The sender's name in a sentence: "Standard Webhooks".</summary>
    public abstract string DisplayName { get; }

    /// <summary>The key bytes of a configured secret; null when the secret is not in this scheme's form.</summary>
    public virtual byte[]? KeyFrom(string secret) => Encoding.UTF8.GetBytes(secret);

    /// <summary>What is wrong with a secret <see cref="KeyFrom"/> refuses, after its configuration key.</summary>
    public virtual string InvalidSecret => "is not a secret of this scheme";

    /// <summary>The message for a source without secrets, naming where to set one.</summary>
    public virtual string NoSecrets(string key) => $"{key}:Secrets is empty; set {key}:Secrets:0 to the sender's signing secret";

    /// <summary>True when the scheme has the SignedTimestamp setting (sign <c>{timestamp}.{body}</c> or the body alone).</summary>
    public virtual bool HasSignedTimestampSetting => false;

    /// <summary>The verifier of a source, holding its keys; null, with the errors naming each bad key, when its settings cannot run.</summary>
    public abstract ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors);

    /// <summary>Where the event id is read, first found wins. The generic guess: the body's <c>/id</c>.</summary>
    public virtual IReadOnlyList<FieldLocation> DefaultIds { get; } = [FieldLocation.Pointer("/id")!];

    /// <summary>Where the event type is read, first found wins. The generic guess: the body's <c>/type</c>.</summary>
    public virtual IReadOnlyList<FieldLocation> DefaultTypes { get; } = [FieldLocation.Pointer("/type")!];

    /// <summary>Where the scheme's events name what they are about (an order, a subscription); first found wins.</summary>
    public virtual IReadOnlyList<FieldLocation> DefaultSubjects { get; } = [];

    /// <summary>True when an event without an id is stored under the digest of its body.</summary>
    public virtual bool HashesBodyWhenIdMissing => false;

    /// <summary>The default of <see cref="SourceOptions.DedupeOnBody"/>: true where the event id travels unsigned.</summary>
    public virtual bool DedupesOnBodyByDefault => false;

    /// <summary>True when the signature covers <paramref name="header"/>, so a value read from it can be trusted.</summary>
    public virtual bool SignsHeader(string header) => false;

    /// <summary>The signature header a source names in its configuration, which is stored only as a digest; null when the scheme's own is.</summary>
    public virtual string? ConfiguredSignatureHeader(SourceOptions options) => null;

    /// <summary>The header that carries the signature.</summary>
    public abstract string SignatureHeader(SourceOptions options);

    /// <summary>Where the timestamp travels, for messages; null when the sender sends none.</summary>
    public abstract string? TimestampHeader(SourceOptions options);

    /// <summary>The request headers that carry these values, as <c>hookbox verify</c> is given them.</summary>
    public virtual ReceivedHeaders Headers(SourceOptions options, string signature, string? timestamp, string? id)
    {
        var headers = new List<KeyValuePair<string, string>> { new(SignatureHeader(options), signature) };
        if (TimestampHeader(options) is { } name && timestamp is not null)
            headers.Add(new(name, timestamp));

        return new ReceivedHeaders(headers);
    }

    /// <summary>
    /// For <c>hookbox verify</c>, where headers are made from the values given: names the headers a
    /// source configures for itself, when it does not, with names only messages show.
    /// </summary>
    public virtual void NameUnconfiguredHeaders(SourceOptions options)
    {
    }

    /// <summary>A new event id as the sender writes them.</summary>
    public virtual string NewEventId() => "evt_" + RandomHex(12);

    /// <summary>A sample body as the sender wraps <paramref name="payload"/>, with the id and type where <see cref="DefaultIds"/> and <see cref="DefaultTypes"/> read them.</summary>
    public virtual JsonObject SampleBody(JsonObject payload, string eventId, string eventType, DateTimeOffset timestamp) =>
        new() { ["id"] = eventId, ["type"] = eventType, ["data"] = payload };

    /// <summary>
    /// The headers the sender sends with <paramref name="webhook"/>, signed with
    /// <paramref name="secret"/>: its signature, timestamp, id and type headers, and the id and
    /// type in the headers the source reads them from, when it names its own.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Sign(SourceOptions options, string secret, OutgoingWebhook webhook)
    {
        // The secret comes from a source that validated, so it is in this scheme's form.
        var key = KeyFrom(secret) ?? throw new ArgumentException($"The secret is not a {DisplayName} secret.", nameof(secret));
        var headers = new List<KeyValuePair<string, string>>(SenderHeaders(options, key, webhook));
        AddUnlessSent(headers, options.EventIdHeader, webhook.EventId);
        AddUnlessSent(headers, options.EventTypeHeader, webhook.EventType);
        return headers;
    }

    /// <summary>The headers the sender itself sends: the signature of the body under <paramref name="key"/>, and its id, type and timestamp headers.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook);

    /// <summary>True when the signature covers a timestamp, which is then held to the tolerance.</summary>
    public abstract bool SignsTimestamp(SourceOptions options);

    /// <summary>The form of a well-formed signature, for a malformed one: "Stripe sends t=&lt;seconds&gt;,v1=…".</summary>
    public abstract string ExpectedForm(SourceOptions options);

    /// <summary>The header of a message id the signature covers, which <c>hookbox verify</c> then needs; null when none is signed.</summary>
    public virtual string? SignedIdHeader => null;

    /// <summary>The secret in the forms people mistake it for: with its whsec_ prefix dropped or added.</summary>
    public virtual IEnumerable<SecretForm> MistakenForms(string secret)
    {
        yield return secret.StartsWith(WhsecPrefix, StringComparison.Ordinal)
            ? new(secret[WhsecPrefix.Length..], "the secret without its whsec_ prefix: the sender signs with the part after it")
            : new(WhsecPrefix + secret, "the secret with a whsec_ prefix: the sender signs with the whole string, whsec_ included");
    }

    /// <summary>The scheme with the other choice of <see cref="SourceOptions.SignedTimestamp"/>; null when it has no such setting.</summary>
    public virtual TimestampSettingHint? OtherTimestampSetting(SourceOptions options, IReadOnlyList<byte[]> keys) => null;

    /// <summary>The sender's public API, which catch-up reads unless <c>CatchUp:BaseUrl</c> names another; null when it has none.</summary>
    public virtual string? CatchUpBaseUrl => null;

    /// <summary>How far back the sender keeps what catch-up reads, unless <c>CatchUp:MaxAge</c> says otherwise.</summary>
    public virtual TimeSpan CatchUpMaxAge => TimeSpan.FromDays(3);

    /// <summary>
    /// Checks the catch-up settings only this scheme's sender reads, and refuses those it never
    /// reads (a mistake the user would not otherwise see). By default it reads neither the GitHub
    /// hook nor an events list.
    /// </summary>
    public virtual void ValidateCatchUp(string key, CatchUpOptions options, ICollection<string> errors)
    {
        RefuseHook(key, options, errors);
        RefuseEventsList(key, options, errors);
    }

    /// <summary>
    /// The id a catch-up look would have stored an event under, where the sender's API knows it by
    /// another name than its webhook; null when it knows it by the same.
    /// </summary>
    public virtual string? CatchUpIdOf(EventEnvelope envelope) => null;

    /// <summary>The sender catch-up reads this scheme's API with, for settings <see cref="ValidateCatchUp"/> passed.</summary>
    public abstract ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey);

    protected void RefuseHook(string key, CatchUpOptions options, ICollection<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(options.Hook))
            errors.Add($"{key}:Hook is read only by the github scheme; remove it from this {Name} source");
    }

    protected void RefuseEventsList(string key, CatchUpOptions options, ICollection<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(options.ListPath))
            errors.Add($"{key}:ListPath is read only by the hmac and standard-webhooks schemes (a sender's events list); the {Name} scheme reads its own API, so remove it");
    }

    /// <summary>Catch-up for a sender with no API of its own in Hookbox: its events list, described by the settings.</summary>
    protected void ValidateEventsList(string key, CatchUpOptions options, ICollection<string> errors)
    {
        _ = EventsListSettings.Read(key, options, errors);
        RefuseHook(key, options, errors);
    }

    protected static ICatchUpSender EventsListSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) =>
        new EventsListCatchUpSender(
            new CatchUpHttp(http, baseUrl, apiKey),
            EventsListSettings.Read("CatchUp", options, new List<string>()) ?? throw new InvalidOperationException("the source's events list settings are not valid; validate the settings first"));

    /// <summary>Unix seconds, as most senders write a timestamp.</summary>
    protected static string Seconds(DateTimeOffset timestamp) => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    protected static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static void AddUnlessSent(List<KeyValuePair<string, string>> headers, string? name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || headers.Exists(h => h.Key.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)))
            return;

        headers.Add(new(name.Trim(), value));
    }
}
