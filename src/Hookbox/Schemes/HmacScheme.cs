using System.Text;

namespace Hookbox;

/// <summary>
/// The generic scheme: a plain HMAC whose header, algorithm, encoding, prefix and signed content
/// each source configures, keyed with the secret string. Verified by <see cref="HmacSignatureScheme"/>.
/// </summary>
internal sealed class HmacScheme : WebhookScheme
{
    // What the headers are called when no source names them (hookbox verify): only messages show them.
    private const string UnconfiguredSignatureHeader = "signature";
    private const string UnconfiguredTimestampHeader = "timestamp";

    public override string Name => SchemeNames.Hmac;

    public override string DisplayName => "hmac";

    public override ISignatureScheme? CreateVerifier(string key, SourceOptions options, IReadOnlyList<byte[]> keys, TimeSpan tolerance, ICollection<string> errors) =>
        ReadSettings(key, options, errors) is { } settings ? new HmacSignatureScheme(keys, settings, tolerance) : null;

    public override string? ConfiguredSignatureHeader(SourceOptions options) => options.SignatureHeader?.Trim();

    public override string SignatureHeader(SourceOptions options) => options.SignatureHeader ?? UnconfiguredSignatureHeader;

    public override string? TimestampHeader(SourceOptions options) => options.TimestampHeader ?? UnconfiguredTimestampHeader;

    public override void NameUnconfiguredHeaders(SourceOptions options)
    {
        options.SignatureHeader ??= UnconfiguredSignatureHeader;
        options.TimestampHeader ??= UnconfiguredTimestampHeader;
    }

    /// <summary>The signature as configured: the prefix, then the hex or base64 HMAC of the signed content; and the timestamp header, when there is one.</summary>
    protected override IEnumerable<KeyValuePair<string, string>> SenderHeaders(SourceOptions options, byte[] key, OutgoingWebhook webhook)
    {
        // Signing follows validation, which read these settings without error.
        var settings = ReadSettings("", options, []) ?? throw new ArgumentException("The hmac settings are not valid.", nameof(options));
        var timestamp = settings.TimestampHeader is null ? null : Seconds(webhook.Timestamp);
        var signature = SignatureMatcher.Compute(
            settings.Algorithm, key, Encoding.UTF8.GetBytes(settings.Template.Before(timestamp)), webhook.Body, Encoding.UTF8.GetBytes(settings.Template.After(timestamp)));
        var encoded = settings.Encoding == SignatureEncoding.Base64 ? Convert.ToBase64String(signature) : Convert.ToHexStringLower(signature);
        yield return new(settings.SignatureHeader.Trim(), settings.Prefix + encoded);
        if (settings.TimestampHeader is { } header && timestamp is not null)
            yield return new(header.Trim(), timestamp);
    }

    public override bool SignsTimestamp(SourceOptions options) => options.SignedContent.Contains(SignedContentTemplate.Timestamp, StringComparison.Ordinal);

    public override string ExpectedForm(SourceOptions options) =>
        $"this source expects '{options.SignaturePrefix}' then the {options.Encoding} HMAC-{options.Algorithm.ToUpperInvariant()}";

    private static HmacSignatureSettings? ReadSettings(string key, SourceOptions options, ICollection<string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.SignatureHeader))
            errors.Add($"{key}:SignatureHeader is required by the hmac scheme");

        HmacAlgorithm? algorithm = options.Algorithm.ToLowerInvariant() switch
        {
            "sha256" => HmacAlgorithm.Sha256,
            "sha512" => HmacAlgorithm.Sha512,
            _ => null,
        };
        if (algorithm is null)
            errors.Add($"{key}:Algorithm '{options.Algorithm}' is not supported; use sha256 or sha512");

        SignatureEncoding? encoding = options.Encoding.ToLowerInvariant() switch
        {
            "hex" => SignatureEncoding.Hex,
            "base64" => SignatureEncoding.Base64,
            _ => null,
        };
        if (encoding is null)
            errors.Add($"{key}:Encoding '{options.Encoding}' is not supported; use hex or base64");

        // HTTP strips a header value's leading whitespace, so a prefix that starts with some could never match.
        if (options.SignaturePrefix is { Length: > 0 } prefix && char.IsWhiteSpace(prefix[0]))
            errors.Add($"{key}:SignaturePrefix starts with whitespace, which HTTP strips from a header value; remove it");

        var template = SignedContentTemplate.TryParse(options.SignedContent);
        if (template is null)
            errors.Add($"{key}:SignedContent '{options.SignedContent}' must contain {{body}} exactly once");
        else if (template.SignsTimestamp && string.IsNullOrWhiteSpace(options.TimestampHeader))
            errors.Add($"{key}:TimestampHeader is required when SignedContent contains {{timestamp}}");

        // No error was added, so every setting read above is set.
        return errors.Count == before
            ? new HmacSignatureSettings(options.SignatureHeader!, algorithm!.Value, encoding!.Value, options.SignaturePrefix ?? "", template!, options.TimestampHeader)
            : null;
    }

    public override void ValidateCatchUp(string key, CatchUpOptions options, ICollection<string> errors) => ValidateEventsList(key, options, errors);

    public override ICatchUpSender CreateCatchUpSender(CatchUpOptions options, Uri baseUrl, HttpClient http, string apiKey) => EventsListSender(options, baseUrl, http, apiKey);
}
