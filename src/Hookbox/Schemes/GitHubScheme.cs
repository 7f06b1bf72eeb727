using System.Text.Json.Nodes;

namespace Hookbox;

/// <summary>
/// GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, an HMAC-SHA256 of the body keyed
/// with the secret string; no timestamp. The delivery id and event name travel in unsigned
/// headers, and bodies carry neither. Verified by <see cref="GitHubSignatureScheme"/>.
/// </summary>
internal sealed class GitHubScheme : WebhookScheme
{
    public override string Name => SchemeNames.GitHub;

    public override string DisplayName => "GitHub";

    public override ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors) =>
        new GitHubSignatureScheme(keys);

    public override IReadOnlyList<FieldLocation> DefaultIds { get; } = [FieldLocation.Header(GitHubSignatureScheme.DeliveryHeader)];

    public override IReadOnlyList<FieldLocation> DefaultTypes { get; } = [FieldLocation.Header(GitHubSignatureScheme.EventHeader)];

    /// <summary>Neither header is signed: the source dedupes on the body's digest too, so a new delivery id makes no new event.</summary>
    public override bool DedupesOnBodyByDefault => true;

    public override string SignatureHeader(SourceOptions options) => GitHubSignatureScheme.SignatureHeader;

    public override string? TimestampHeader(SourceOptions options) => null;

    /// <summary>A GUID, as X-GitHub-Delivery carries.</summary>
    public override string NewEventId() => Guid.NewGuid().ToString();

    /// <summary>GitHub's bodies are the payload itself; the id and event travel in headers.</summary>
    public override JsonObject SampleBody(JsonObject payload, string eventId, string eventType, DateTimeOffset timestamp) => payload;

    protected override IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook)
    {
        var signature = SignatureMatcher.Compute(HmacAlgorithm.Sha256, key, [], webhook.Body, []);
        yield return new(GitHubSignatureScheme.SignatureHeader, "sha256=" + Convert.ToHexStringLower(signature));
        yield return new(GitHubSignatureScheme.EventHeader, webhook.EventType);
        yield return new(GitHubSignatureScheme.DeliveryHeader, webhook.EventId);
    }

    public override bool SignsTimestamp(SourceOptions options) => false;

    public override string ExpectedForm(SourceOptions options) => "GitHub sends sha256=<64 hex characters> in X-Hub-Signature-256";

    public override string CatchUpBaseUrl => "https://api.github.com";

    /// <summary>GitHub keeps 3 days of a hook's deliveries.</summary>
    public override TimeSpan CatchUpMaxAge => TimeSpan.FromDays(3);

    public override void ValidateCatchUp(string key, CatchUpOptions options, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Hook))
            errors.Add($"{key}:Hook is not set; set it to the webhook whose deliveries are read, repos/{{owner}}/{{repo}}/hooks/{{id}} or orgs/{{org}}/hooks/{{id}} (the id is in the hook's settings URL)");
        else if (GitHubCatchUpSender.NormalizeHook(options.Hook) is null)
            errors.Add($"{key}:Hook '{options.Hook}' is not a GitHub webhook's path; write it as repos/{{owner}}/{{repo}}/hooks/{{id}} or orgs/{{org}}/hooks/{{id}}, such as repos/octo-org/shop/hooks/12345678");

        RefuseEventsList(key, options, errors);
    }

    public override ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) =>
        new GitHubCatchUpSender(
            new CatchUpHttp(http, baseUrl, apiKey, GitHubCatchUpSender.Headers),
            GitHubCatchUpSender.NormalizeHook(options.Hook) ?? throw new InvalidOperationException("the source's CatchUp:Hook is not a GitHub webhook's path; validate the settings first"));
}
