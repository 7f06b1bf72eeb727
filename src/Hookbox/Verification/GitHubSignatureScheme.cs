namespace Hookbox;

/// <summary>
/// GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, an HMAC-SHA256 of the raw body keyed
/// with the UTF-8 bytes of the secret. GitHub signs no timestamp.
/// </summary>
internal sealed class GitHubSignatureScheme(IReadOnlyList<byte[]> keys) : ISignatureScheme
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string EventHeader = "X-GitHub-Event";
    private const string Prefix = "sha256=";

    public VerificationResult Verify(ReceivedHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var header = headers[SignatureHeader];
        if (string.IsNullOrWhiteSpace(header))
        {
            return VerificationResult.Missing(headers["X-Hub-Signature"] is null
                ? $"the {SignatureHeader} header is missing; set a secret on the GitHub webhook"
                : $"only the SHA-1 X-Hub-Signature header was sent; Hookbox verifies {SignatureHeader}");
        }

        if (!header.StartsWith(Prefix, StringComparison.Ordinal) ||
            SignatureMatcher.FromHex(header.AsSpan(Prefix.Length), HmacAlgorithm.Sha256) is not { } signature)
        {
            return VerificationResult.Malformed($"the {SignatureHeader} header is not sha256=<64 hex characters>");
        }

        return SignatureMatcher.AnyMatches(HmacAlgorithm.Sha256, keys, [], body, [], [signature])
            ? VerificationResult.Valid(null)
            : VerificationResult.Mismatch($"{SignatureHeader} does not match the body under any of the source's secrets", null);
    }
}
