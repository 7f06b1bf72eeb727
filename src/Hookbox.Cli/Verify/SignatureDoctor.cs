using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>
/// Says why a saved delivery's signature fails, with the server's own verification code: the
/// same <see cref="ISignatureScheme"/> the source runs, then the same scheme over what the
/// body or the settings may have been before something changed them. HMAC cannot tell a wrong
/// secret from an altered body; what it can tell (a reformatted body, an expired timestamp, a
/// secret in the wrong form) it says.
/// </summary>
internal sealed class SignatureDoctor(string sourceName, SourceOptions options, TimeProvider timeProvider)
{
    private const string WhsecPrefix = "whsec_";

    // The command sets the scheme before it gets here.
    private readonly string _scheme = options.Scheme!.ToLowerInvariant();

    /// <summary>The settings as the source would run them; null, with the errors, when they cannot run.</summary>
    public static ISignatureScheme? TryCreateScheme(string sourceName, SourceOptions options, ICollection<string> errors) =>
        WebhookSourceFactory.TryCreate(sourceName, options, errors)?.Scheme;

    public Diagnosis Diagnose(VerifyInput input)
    {
        var now = timeProvider.GetUtcNow();
        var headers = SchemeHeaders.For(_scheme, options, input);
        var result = Scheme(options)!.Verify(headers, input.Body, now); // the command created it once already
        return result.Status switch
        {
            VerificationStatus.Valid => new(DiagnosisCodes.Valid, ValidMessage(result), result.SenderTimestamp),
            VerificationStatus.MissingSignature => Missing(input, result),
            VerificationStatus.MalformedSignature => new(DiagnosisCodes.MalformedSignature, $"the signature is malformed: {result.Message}. {ExpectedForm()}", result.SenderTimestamp),
            VerificationStatus.TimestampOutOfTolerance => OutOfTolerance(input, result, now),
            _ => Mismatch(input, now, result.SenderTimestamp, note: null),
        };
    }

    private string ValidMessage(VerificationResult result)
    {
        var message = $"the signature matches this body with {SecretsPhrase(match: true)}";
        return SignsTimestamp() && result.SenderTimestamp is { } timestamp
            ? $"{message}, and its signed timestamp {TimeFormat.Utc(timestamp)} is within the tolerance{(options.ToleranceSeconds > 0 ? $" of {options.ToleranceSeconds} s" : " (the check is off)")}"
            : message;
    }

    private Diagnosis Missing(VerifyInput input, VerificationResult result)
    {
        if (string.IsNullOrWhiteSpace(input.Signature))
            return new(DiagnosisCodes.MissingSignature, $"no signature was given: pass the {SchemeHeaders.SignatureHeader(_scheme, options)} header's value with --signature");

        if (_scheme == SchemeNames.StandardWebhooks && string.IsNullOrEmpty(input.Id))
            return new(DiagnosisCodes.MissingId, $"Standard Webhooks signs the message id: pass the {StandardWebhooksSignatureScheme.IdHeader} header's value with --id");

        if (SignsTimestamp())
        {
            return new(DiagnosisCodes.MissingTimestamp,
                $"the {_scheme} scheme{(_scheme == SchemeNames.Pocketsflow ? " with SignedTimestamp" : "")} signs a timestamp, and none was given (or it is not a Unix time): pass the {SchemeHeaders.TimestampHeader(_scheme, options)} header's value with --timestamp");
        }

        return new(DiagnosisCodes.MissingSignature, result.Message);
    }

    private string ExpectedForm() => _scheme switch
    {
        SchemeNames.Pocketsflow => "Pocketsflow sends the HMAC-SHA256 as 64 hex characters, nothing else",
        SchemeNames.StandardWebhooks => "Standard Webhooks sends space-separated v1,<base64> entries, and the timestamp in whole seconds",
        SchemeNames.Stripe => "Stripe sends t=<seconds>,v1=<64 hex characters>[,v1=…]",
        SchemeNames.GitHub => "GitHub sends sha256=<64 hex characters> in X-Hub-Signature-256",
        _ => $"this source expects '{options.SignaturePrefix}' then the {options.Encoding} HMAC-{options.Algorithm.ToUpperInvariant()}",
    } + ".";

    private Diagnosis OutOfTolerance(VerifyInput input, VerificationResult result, DateTimeOffset now)
    {
        var timestamp = result.SenderTimestamp!.Value; // out of tolerance means it was read
        var relaxed = SourceOptionsCopy.Of(options, o => (o.ToleranceSeconds, o.AllowNoTolerance) = (0, true));
        if (!Scheme(relaxed)!.Verify(SchemeHeaders.For(_scheme, relaxed, input), input.Body, now).IsValid) // same settings but the tolerance
            return Mismatch(input, now, timestamp, note: $" Its signed timestamp is also {OutsideTolerance(timestamp, now)}.");

        var accept = (long)Math.Ceiling((now - timestamp).Duration().TotalSeconds) + 1;
        return new(
            DiagnosisCodes.TimestampOutsideTolerance,
            $"the signature matches this body with {SecretsPhrase(match: true)}, but the signed timestamp {TimeFormat.Utc(timestamp)} is {OutsideTolerance(timestamp, now)}; " +
            $"--tolerance {accept} would accept it",
            timestamp);
    }

    /// <summary>"1000 s (17 min) behind this machine's clock, 700 s (12 min) outside the tolerance of 300 s: …"</summary>
    private string OutsideTolerance(DateTimeOffset timestamp, DateTimeOffset now)
    {
        var age = now - timestamp;
        var past = age.Duration() - TimeSpan.FromSeconds(options.ToleranceSeconds);
        var outside = $"{Seconds(past)} outside the tolerance of {options.ToleranceSeconds} s";
        return age >= TimeSpan.Zero
            ? $"{Seconds(age)} behind this machine's clock, {outside}: the delivery is too old to accept (delayed, replayed, or a clock that is off)"
            : $"{Seconds(age.Duration())} ahead of this machine's clock, {outside}: the sender's clock runs fast, or this one runs slow";
    }

    private Diagnosis Mismatch(VerifyInput input, DateTimeOffset now, DateTimeOffset? senderTimestamp, string? note)
    {
        // From here the question is what was signed, not when: the tolerance is off.
        var relaxed = SourceOptionsCopy.Of(options, o => (o.ToleranceSeconds, o.AllowNoTolerance) = (0, true));
        var scheme = Scheme(relaxed)!; // the same settings as the command's, but the tolerance
        var headers = SchemeHeaders.For(_scheme, relaxed, input);

        foreach (var variant in BodyVariants.Of(input.Body))
        {
            if (!scheme.Verify(headers, variant.Bytes, now).IsValid)
                continue;

            return variant.WhitespaceOnly
                ? new(DiagnosisCodes.WhitespaceChanged,
                    $"the body's whitespace changed: a framework re-serialised or reformatted it; verify the raw bytes, exactly as received. The signature matches when {variant.Description}.{note}",
                    senderTimestamp)
                : new(DiagnosisCodes.BodyReserialised,
                    $"the body was re-serialised: a framework parsed it and wrote it again, changing its whitespace and string escapes; verify the raw bytes, exactly as received. The signature matches when {variant.Description}.{note}",
                    senderTimestamp);
        }

        foreach (var (secret, description) in SecretForms())
        {
            var other = SourceOptionsCopy.Of(relaxed, o =>
            {
                o.Secrets.Clear();
                o.Secrets.Add(secret);
            });
            if (Scheme(other)?.Verify(headers, input.Body, now).IsValid == true)
            {
                return new(DiagnosisCodes.SecretForm,
                    $"the signature does not match this body with {SecretsPhrase(match: false)}, but it matches with {description}.{note}",
                    senderTimestamp);
            }
        }

        if (_scheme == SchemeNames.Pocketsflow && input.Timestamp is not null)
        {
            var toggled = SourceOptionsCopy.Of(relaxed, o => o.SignedTimestamp = !options.SignedTimestamp);
            if (Scheme(toggled)!.Verify(headers, input.Body, now).IsValid) // only the pocketsflow flag differs
            {
                return new(DiagnosisCodes.SignedTimestampSetting, options.SignedTimestamp
                    ? "the signature matches the body alone: this sender does not sign the timestamp; drop --signed-timestamp (for the source, SignedTimestamp: false)"
                    : $"the signature matches '{{timestamp}}.{{body}}': this sender signs the timestamp, as an older Pocketsflow page documents; pass --signed-timestamp (for the source, set SignedTimestamp: true)",
                    senderTimestamp);
            }
        }

        if (JsonError(input.Body) is { } error)
        {
            return new(DiagnosisCodes.BodyNotJson,
                $"the signature does not match, and the body is not valid JSON ({error}): it was probably cut short or altered on the way, or saved in another encoding; verify the bytes exactly as received.{note}",
                senderTimestamp);
        }

        return new(DiagnosisCodes.Mismatch,
            $"the signature does not match this body with {SecretsPhrase(match: false)}. Either the secret is not the one the sender signs with " +
            "(another endpoint's secret, a test-mode secret, or one rotated out), or the body's content was altered, not only its whitespace: " +
            $"no reformatting of it matches.{note}",
            senderTimestamp);
    }

    /// <summary>The secrets in the forms people mistake them for: whsec_ kept or dropped, decoded or not.</summary>
    private IEnumerable<(string Secret, string Description)> SecretForms()
    {
        foreach (var secret in options.Secrets)
        {
            if (_scheme == SchemeNames.StandardWebhooks)
            {
                // The whole string as UTF-8 key bytes, written as the base64 secret Standard Webhooks decodes.
                yield return (WhsecPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
                    "the whole secret string as the key, as Pocketsflow and Stripe use theirs, instead of the base64 bytes after whsec_: check --scheme");
            }
            else if (secret.StartsWith(WhsecPrefix, StringComparison.Ordinal))
            {
                yield return (secret[WhsecPrefix.Length..], "the secret without its whsec_ prefix: the sender signs with the part after it");
            }
            else
            {
                yield return (WhsecPrefix + secret, "the secret with a whsec_ prefix: the sender signs with the whole string, whsec_ included");
            }
        }
    }

    private bool SignsTimestamp() => _scheme switch
    {
        SchemeNames.Pocketsflow => options.SignedTimestamp,
        SchemeNames.StandardWebhooks or SchemeNames.Stripe => true,
        SchemeNames.GitHub => false,
        _ => options.SignedContent.Contains(SignedContentTemplate.Timestamp, StringComparison.Ordinal),
    };

    private string SecretsPhrase(bool match) => options.Secrets.Count == 1
        ? "this secret"
        : match ? $"one of these {options.Secrets.Count} secrets" : $"any of these {options.Secrets.Count} secrets";

    private ISignatureScheme? Scheme(SourceOptions settings) => TryCreateScheme(sourceName, settings, []);

    private static string? JsonError(byte[] body)
    {
        try
        {
            // As deep as the rewriter reads: a deep body is JSON, whatever the parser's default says.
            using var _ = JsonDocument.Parse(ByteOrderMark.Skip(body.AsMemory()), new JsonDocumentOptions { MaxDepth = JsonRewriter.MaxDepth });
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static string Seconds(TimeSpan span)
    {
        var seconds = span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return span < TimeSpan.FromMinutes(2)
            ? $"{seconds} s"
            : $"{seconds} s ({(span.TotalHours >= 2 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min")})";
    }
}
