using System.Text;

namespace Hookbox;

/// <summary>
/// Stripe: <c>Stripe-Signature: t=&lt;seconds&gt;,v1=&lt;hex&gt;[,v1=…]</c>, each v1 an
/// HMAC-SHA256 of <c>{t}.{body}</c> keyed with the UTF-8 bytes of the whole <c>whsec_</c> secret.
/// The timestamp is signed, so it is held to the tolerance both ways.
/// </summary>
internal sealed class StripeSignatureScheme(IReadOnlyList<byte[]> keys, TimeSpan tolerance) : ISignatureScheme
{
    public const string SignatureHeader = "Stripe-Signature";

    public VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var header = headers[SignatureHeader];
        if (string.IsNullOrWhiteSpace(header))
            return VerificationResult.Missing($"the {SignatureHeader} header is missing");

        string? rawTimestamp = null;
        var signatures = new List<byte[]>(2);
        foreach (var item in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                continue;

            var key = item.AsSpan(0, separator);
            var value = item.AsSpan(separator + 1);
            if (key.SequenceEqual("t"))
                rawTimestamp = value.ToString();
            else if (key.SequenceEqual("v1") && SignatureMatcher.FromHex(value, HmacAlgorithm.Sha256) is { } decoded)
                signatures.Add(decoded);
        }

        if (rawTimestamp is null || !UnixTimestamp.TryParseSeconds(rawTimestamp, out var timestamp))
            return VerificationResult.Malformed($"the {SignatureHeader} header has no t=<seconds> part");

        if (signatures.Count == 0)
            return VerificationResult.Malformed($"the {SignatureHeader} header has no v1=<hex> signature", timestamp);

        if (!UnixTimestamp.IsWithin(timestamp, now, tolerance))
            return VerificationResult.OutOfTolerance(timestamp, now, tolerance);

        var prefix = Encoding.UTF8.GetBytes(rawTimestamp + ".");
        return SignatureMatcher.AnyMatches(HmacAlgorithm.Sha256, keys, prefix, body, [], signatures)
            ? VerificationResult.Valid(timestamp)
            : VerificationResult.Mismatch(
                $"no v1 signature in {SignatureHeader} matches the timestamp and body under any of the source's secrets",
                timestamp);
    }
}
