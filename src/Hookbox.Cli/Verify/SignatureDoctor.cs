using System.Globalization;
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
    // The command validated the settings before it got here, so the scheme is a known one.
    private readonly WebhookScheme _scheme = WebhookSchemes.Find(options.Scheme)!;

    /// <summary>The settings as the source would run them; null, with the errors, when they cannot run.</summary>
    public static ISignatureScheme? TryCreateScheme(string sourceName, SourceOptions options, ICollection<string> errors) =>
        WebhookSourceFactory.TryCreate(sourceName, options, errors)?.Scheme;

    public Diagnosis Diagnose(VerifyInput input)
    {
        var now = timeProvider.GetUtcNow();
        var headers = Headers(input);
        var result = TryCreateScheme(sourceName, options, [])!.Verify(headers, input.Body, now); // the command created it once already
        return result.Status switch
        {
            VerificationStatus.Valid => new(DiagnosisCodes.Valid, ValidMessage(result), result.SenderTimestamp),
            VerificationStatus.MissingSignature => Missing(input, result),
            VerificationStatus.MalformedSignature => new(DiagnosisCodes.MalformedSignature, $"the signature is malformed: {result.Message}. {_scheme.ExpectedForm(options)}.", result.SenderTimestamp),
            VerificationStatus.TimestampOutOfTolerance => OutOfTolerance(input, result, now),
            _ => Mismatch(input, now, result.SenderTimestamp, note: null),
        };
    }

    private string ValidMessage(VerificationResult result)
    {
        var message = $"the signature matches this body with {SecretsPhrase(match: true)}";
        return _scheme.SignsTimestamp(options) && result.SenderTimestamp is { } timestamp
            ? $"{message}, and its signed timestamp {TimeFormat.Utc(timestamp)} is within the tolerance{(options.ToleranceSeconds > 0 ? $" of {options.ToleranceSeconds} s" : " (the check is off)")}"
            : message;
    }

    private Diagnosis Missing(VerifyInput input, VerificationResult result)
    {
        if (string.IsNullOrWhiteSpace(input.Signature))
            return new(DiagnosisCodes.MissingSignature, $"no signature was given: pass the {_scheme.SignatureHeader(options)} header's value with --signature");

        if (_scheme.SignedIdHeader is { } idHeader && string.IsNullOrEmpty(input.Id))
            return new(DiagnosisCodes.MissingId, $"{_scheme.DisplayName} signs the message id: pass the {idHeader} header's value with --id");

        if (_scheme.SignsTimestamp(options))
        {
            return new(DiagnosisCodes.MissingTimestamp,
                $"the {_scheme.Name} scheme{(_scheme.HasSignedTimestampSetting ? " with SignedTimestamp" : "")} signs a timestamp, and none was given (or it is not a Unix time): pass the {_scheme.TimestampHeader(options)} header's value with --timestamp");
        }

        return new(DiagnosisCodes.MissingSignature, result.Message);
    }

    private Diagnosis OutOfTolerance(VerifyInput input, VerificationResult result, DateTimeOffset now)
    {
        var timestamp = result.SenderTimestamp!.Value; // out of tolerance means it was read
        if (!Relaxed(Keys()).Verify(Headers(input), input.Body, now).IsValid)
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
        var scheme = Relaxed(Keys());
        var headers = Headers(input);

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

        foreach (var form in options.Secrets.SelectMany(_scheme.MistakenForms))
        {
            // Only a form configuration would accept: not whsec_ alone without its prefix, nor with whitespace it then starts with.
            if (!string.IsNullOrWhiteSpace(form.Secret) && form.Secret.Trim().Length == form.Secret.Length
                && _scheme.KeyFrom(form.Secret) is { } key && Relaxed([key]).Verify(headers, input.Body, now).IsValid)
            {
                return new(DiagnosisCodes.SecretForm,
                    $"the signature does not match this body with {SecretsPhrase(match: false)}, but it matches with {form.Description}.{note}",
                    senderTimestamp);
            }
        }

        if (input.Timestamp is not null && _scheme.OtherTimestampSetting(options, Keys()) is { } other && other.Verifier.Verify(headers, input.Body, now).IsValid)
            return new(DiagnosisCodes.SignedTimestampSetting, other.Advice, senderTimestamp);

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

    private string SecretsPhrase(bool match) => options.Secrets.Count == 1
        ? "this secret"
        : match ? $"one of these {options.Secrets.Count} secrets" : $"any of these {options.Secrets.Count} secrets";

    private ReceivedHeaders Headers(VerifyInput input) => _scheme.Headers(options, input.Signature, input.Timestamp, input.Id);

    /// <summary>The source's key bytes; every secret decodes, as the command validated them.</summary>
    private byte[][] Keys() => [.. options.Secrets.Select(secret => _scheme.KeyFrom(secret)!)];

    /// <summary>The source's scheme under <paramref name="keys"/>, without the tolerance: it validated with the settings it keeps.</summary>
    private ISignatureScheme Relaxed(IReadOnlyList<byte[]> keys) => _scheme.CreateVerifier(sourceName, options, keys, TimeSpan.Zero, [])!;

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
