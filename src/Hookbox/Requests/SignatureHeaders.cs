using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox;

/// <summary>
/// Which received headers carry a signature, and what is kept of them: <c>sha256:&lt;hex&gt;</c>
/// of the value. A stored signature would let whoever reads the inbox (the API, the dashboard, a
/// backup) replay the delivery to Hookbox, for ever where the scheme signs no timestamp
/// (Pocketsflow, GitHub); its digest still tells an operator which signature came, by comparing.
/// </summary>
internal static class SignatureHeaders
{
    /// <summary>What a digested value starts with.</summary>
    public const string DigestPrefix = "sha256:";

    // X-Pocketsflow-Signature, webhook-signature, svix-signature, Stripe-Signature,
    // X-Hub-Signature(-256), and the usual names of other senders' HMAC headers
    // (X-Shopify-Hmac-Sha256); an hmac source's own header is named by its configuration.
    // Every received header is asked this on every request. A SearchValues finds either word in
    // one vectorized pass; string.Contains(word, OrdinalIgnoreCase) compared a character at a
    // time, once per word: 0.7% of ingest's CPU in a perf profile (bench/RESULTS.md).
    private static readonly SearchValues<string> Words =
        SearchValues.Create(["signature", "hmac"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="name"/> is a signature header: a known word, or the source's <paramref name="configured"/> header.</summary>
    public static bool Contains(string name, string? configured)
    {
        if (configured is not null && name.Equals(configured, StringComparison.OrdinalIgnoreCase))
            return true;

        return name.AsSpan().ContainsAny(Words);
    }

    /// <summary>The value as kept: <c>sha256:</c> and the lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Digest(string value) => DigestPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>True when <paramref name="value"/> is already a digest, as <see cref="Digest"/> writes one.</summary>
    public static bool IsDigest(string value) =>
        value.Length == DigestPrefix.Length + 64 && value.StartsWith(DigestPrefix, StringComparison.Ordinal)
        && value.AsSpan(DigestPrefix.Length).IndexOfAnyExcept(LowerHex) < 0;
}
