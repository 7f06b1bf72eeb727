using System.Text;

namespace Hookbox;

/// <summary>
/// Pocketsflow: <c>X-Pocketsflow-Signature</c> is the lowercase hex HMAC-SHA256 of the raw body,
/// keyed with the UTF-8 bytes of the whole secret string (<c>whsec_</c> included, not decoded).
/// <c>X-Pocketsflow-Timestamp</c> is recorded but unsigned, so it is not enforced unless the
/// source opts into the older documented form that signs <c>{timestamp}.{body}</c>.
/// </summary>
internal sealed class PocketsflowSignatureScheme(IReadOnlyList<byte[]> keys, bool signedTimestamp, TimeSpan tolerance) : ISignatureScheme
{
    public const string SignatureHeader = "X-Pocketsflow-Signature";
    public const string TimestampHeader = "X-Pocketsflow-Timestamp";
    public const string EventHeader = "X-Pocketsflow-Event";

    public VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var signature = headers[SignatureHeader];
        if (string.IsNullOrWhiteSpace(signature))
            return VerificationResult.Missing($"the {SignatureHeader} header is missing");

        var rawTimestamp = headers[TimestampHeader];
        DateTimeOffset? timestamp = UnixTimestamp.TryParseSecondsOrMilliseconds(rawTimestamp, out var parsed) ? parsed : null;

        var expected = SignatureMatcher.FromHex(signature, HmacAlgorithm.Sha256);
        if (expected is null)
            return VerificationResult.Malformed($"the {SignatureHeader} header is not 64 hex characters", timestamp);

        var prefix = ReadOnlySpan<byte>.Empty;
        if (signedTimestamp)
        {
            if (timestamp is null)
                return VerificationResult.Missing($"the {TimestampHeader} header is missing or not an epoch timestamp, and this source signs it");

            if (!UnixTimestamp.IsWithin(timestamp.Value, now, tolerance))
                return VerificationResult.OutOfTolerance(timestamp.Value, now, tolerance);

            prefix = Encoding.UTF8.GetBytes(rawTimestamp + ".");
        }

        return SignatureMatcher.AnyMatches(HmacAlgorithm.Sha256, keys, prefix, body, [], [expected])
            ? VerificationResult.Valid(timestamp)
            : VerificationResult.Mismatch(
                $"{SignatureHeader} does not match the body under any of the source's secrets: check the secret, and that nothing between Pocketsflow and Hookbox re-encodes the body",
                timestamp);
    }
}
