using System.Text;

namespace Hookbox;

/// <summary>
/// Any sender that signs with a plain HMAC: a header holding the signature (hex or base64,
/// after an optional prefix such as <c>sha256=</c>) of a signed-content template over the raw
/// body, optionally with a timestamp header, which is then held to the tolerance.
/// </summary>
internal sealed class HmacSignatureScheme(
    IReadOnlyList<byte[]> keys,
    HmacSignatureSettings settings,
    TimeSpan tolerance) : ISignatureScheme
{
    public VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var header = headers[settings.SignatureHeader];
        if (string.IsNullOrWhiteSpace(header))
            return VerificationResult.Missing($"the {settings.SignatureHeader} header is missing");

        string? rawTimestamp = null;
        DateTimeOffset? timestamp = null;
        if (settings.TimestampHeader is { } timestampHeader)
        {
            rawTimestamp = headers[timestampHeader];
            if (UnixTimestamp.TryParseSecondsOrMilliseconds(rawTimestamp, out var parsed))
                timestamp = parsed;
        }

        if (settings.Template.SignsTimestamp)
        {
            if (timestamp is null)
                return VerificationResult.Missing($"the {settings.TimestampHeader} header is missing or not an epoch timestamp, and this source signs it");

            if (!UnixTimestamp.IsWithin(timestamp.Value, now, tolerance))
                return VerificationResult.OutOfTolerance(timestamp.Value, now, tolerance);
        }

        var value = header.AsSpan().Trim();
        if (!value.StartsWith(settings.Prefix, StringComparison.Ordinal))
            return VerificationResult.Malformed($"the {settings.SignatureHeader} header does not start with '{settings.Prefix}'", timestamp);

        value = value[settings.Prefix.Length..];
        var signature = settings.Encoding == SignatureEncoding.Base64
            ? SignatureMatcher.FromBase64(value, settings.Algorithm)
            : SignatureMatcher.FromHex(value, settings.Algorithm);
        if (signature is null)
        {
            return VerificationResult.Malformed(
                $"the {settings.SignatureHeader} header is not a {settings.Encoding.ToString().ToLowerInvariant()} HMAC-{settings.Algorithm.ToString().ToUpperInvariant()}",
                timestamp);
        }

        var before = Encoding.UTF8.GetBytes(settings.Template.Before(rawTimestamp));
        var after = Encoding.UTF8.GetBytes(settings.Template.After(rawTimestamp));
        return SignatureMatcher.AnyMatches(settings.Algorithm, keys, before, body, after, [signature])
            ? VerificationResult.Valid(timestamp)
            : VerificationResult.Mismatch($"{settings.SignatureHeader} does not match the signed content under any of the source's secrets", timestamp);
    }
}
