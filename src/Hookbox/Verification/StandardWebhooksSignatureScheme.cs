using System.Text;

namespace Hookbox;

/// <summary>
/// Standard Webhooks (and Svix, which sends the same scheme under <c>svix-</c> names):
/// <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64&gt;</c> entries, each an
/// HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed with the base64 bytes
/// after <c>whsec_</c>. The timestamp is signed, so it is held to the tolerance both ways.
/// </summary>
internal sealed class StandardWebhooksSignatureScheme(IReadOnlyList<byte[]> keys, TimeSpan tolerance) : ISignatureScheme
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var signature = headers[SignatureHeader] ?? headers["svix-signature"];
        if (string.IsNullOrWhiteSpace(signature))
            return VerificationResult.Missing($"the {SignatureHeader} header is missing");

        var id = headers[IdHeader] ?? headers["svix-id"];
        var rawTimestamp = headers[TimestampHeader] ?? headers["svix-timestamp"];
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(rawTimestamp))
            return VerificationResult.Missing($"the {IdHeader} and {TimestampHeader} headers are both required");

        if (!UnixTimestamp.TryParseSeconds(rawTimestamp, out var timestamp))
            return VerificationResult.Malformed($"the {TimestampHeader} header is not whole seconds since the epoch");

        if (!UnixTimestamp.IsWithin(timestamp, now, tolerance))
            return VerificationResult.OutOfTolerance(timestamp, now, tolerance);

        var signatures = new List<byte[]>(2);
        foreach (var entry in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Other versions (v1a: asymmetric) may sit beside v1 during a migration: skip them.
            if (entry.StartsWith("v1,", StringComparison.Ordinal) &&
                SignatureMatcher.FromBase64(entry.AsSpan(3), HmacAlgorithm.Sha256) is { } decoded)
            {
                signatures.Add(decoded);
            }
        }

        if (signatures.Count == 0)
            return VerificationResult.Malformed($"the {SignatureHeader} header holds no v1,<base64> signature", timestamp);

        var prefix = Encoding.UTF8.GetBytes($"{id}.{rawTimestamp}.");
        return SignatureMatcher.AnyMatches(HmacAlgorithm.Sha256, keys, prefix, body, [], signatures)
            ? VerificationResult.Valid(timestamp)
            : VerificationResult.Mismatch(
                $"no {SignatureHeader} entry matches the id, timestamp and body under any of the source's secrets",
                timestamp);
    }

    /// <summary>
    /// The key bytes of a Standard Webhooks secret: base64 after an optional <c>whsec_</c>.
    /// Null when the secret is not base64, which configuration validation reports.
    /// </summary>
    public static byte[]? KeyFromSecret(string secret)
    {
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        try
        {
            var key = Convert.FromBase64String(encoded);
            return key.Length > 0 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
