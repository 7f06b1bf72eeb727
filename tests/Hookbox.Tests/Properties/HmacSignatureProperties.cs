using System.Security.Cryptography;
using System.Text;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>
/// The generic <c>hmac</c> scheme over generated settings (algorithm, hex or base64, prefix,
/// signed-content template, timestamp header) and generated or mutated headers.
/// </summary>
public sealed class HmacSignatureProperties
{
    private const string SignatureHeader = "X-Signature";
    private const string TimestampHeader = "X-Timestamp";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private static readonly Gen<Settings> Setting = Gen.Select(
        Gen.OneOf("sha256", "sha512", "SHA256"),
        Gen.OneOf("hex", "base64", "Base64"),
        Gen.Frequency((3, Gen.OneOf("", "sha256=", "sha512=", "v1=", "v0:", "t=0,")), (1, Text)),
        Gen.Frequency(
            (3, Gen.OneOf("{body}", "{timestamp}.{body}", "{body}{timestamp}", "v0:{timestamp}:{body}", "{timestamp}{timestamp}{body}")),
            (1, Gen.Select(Text, Text, (before, after) => before + "{body}" + after))),
        (algorithm, encoding, prefix, template) => new Settings(algorithm, encoding, prefix, template));

    /// <summary>The source the settings make, or null when validation refuses them, naming the key.</summary>
    private static WebhookSource? Source(string secret, Settings settings)
    {
        var options = new SourceOptions
        {
            Scheme = "hmac",
            SignatureHeader = SignatureHeader,
            Algorithm = settings.Algorithm,
            Encoding = settings.Encoding,
            SignaturePrefix = settings.Prefix,
            SignedContent = settings.Template,
            TimestampHeader = TimestampHeader,
        };
        options.Secrets.Add(secret);
        var errors = new List<string>();
        var source = WebhookSourceFactory.TryCreate("hmac", options, errors);
        Assert.Equal(source is null, errors.Count > 0);
        Assert.All(errors, e => Assert.StartsWith("Hookbox:Sources:hmac:SignaturePrefix ", e, StringComparison.Ordinal));
        return source;
    }

    /// <summary>Signs as the settings document it, written here apart from the verifier.</summary>
    private static string Sign(string secret, Settings settings, string timestamp, byte[] body)
    {
        var at = settings.Template.IndexOf("{body}", StringComparison.Ordinal);
        var before = Encoding.UTF8.GetBytes(settings.Template[..at].Replace("{timestamp}", timestamp, StringComparison.Ordinal));
        var after = Encoding.UTF8.GetBytes(settings.Template[(at + "{body}".Length)..].Replace("{timestamp}", timestamp, StringComparison.Ordinal));
        byte[] content = [.. before, .. body, .. after];
        var key = Encoding.UTF8.GetBytes(secret);
        var mac = settings.Algorithm.Equals("sha512", StringComparison.OrdinalIgnoreCase) ? HMACSHA512.HashData(key, content) : HMACSHA256.HashData(key, content);
        return settings.Prefix + (settings.Encoding.Equals("hex", StringComparison.OrdinalIgnoreCase) ? Convert.ToHexStringLower(mac) : Convert.ToBase64String(mac));
    }

    /// <summary>What the source concludes; a configuration validation refused concludes nothing, so it counts as not accepted.</summary>
    private static VerificationResult Verify(WebhookSource? source, string? signature, string? timestamp, byte[] body) =>
        source?.Scheme.Verify(Headers((SignatureHeader, signature), (TimestampHeader, timestamp)), body, Now)
        ?? new VerificationResult(VerificationStatus.MalformedSignature, "settings refused", null);

    [Fact]
    public void Verify_AdversarialHeaders_ReturnsAResult() =>
        Gen.Select(Secret, Setting, WithinTolerance, Body, Gen.Select(Mutations, Mutations, Gen.Int[0, 3]))
            .Sample((secret, settings, offset, body, mutations) =>
            {
                var (signatureMutations, timestampMutations, which) = mutations;
                var timestamp = Seconds(Now.AddSeconds(offset));
                var signature = Sign(secret, settings, timestamp, body);
                var sentSignature = (which & 1) != 0 ? Mutate(signature, signatureMutations) : signature;
                var sentTimestamp = (which & 2) != 0 ? Mutate(timestamp, timestampMutations) : timestamp;

                var result = Verify(Source(secret, settings), sentSignature, sentTimestamp, body);

                Assert.True(Enum.IsDefined(result.Status));
                Assert.False(string.IsNullOrEmpty(result.Message));
                if (result.IsValid && settings.Template.Contains("{timestamp}", StringComparison.Ordinal))
                    Assert.Equal(timestamp, sentTimestamp);
            }, iter: Cases);

    [Fact]
    public void Verify_SignedWithAnotherSecret_IsNeverAccepted() =>
        Gen.Select(Secret, Secret, Setting, WithinTolerance, Body, MaybeMutations)
            .Where((a, b, settings, _, _, _) => AreDistinctHmacKeys(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b), settings.BlockSize))
            .Sample((secret, other, settings, offset, body, mutations) =>
            {
                var timestamp = Seconds(Now.AddSeconds(offset));

                Assert.False(Verify(Source(secret, settings), Mutate(Sign(other, settings, timestamp, body), mutations), timestamp, body).IsValid);
            }, iter: NarrowCases);

    [Fact]
    public void Verify_SignedOverAnotherBody_IsNeverAccepted() =>
        Gen.Select(Secret, Setting, WithinTolerance, Body, Body, MaybeMutations)
            .Where((_, _, _, a, b, _) => !a.AsSpan().SequenceEqual(b))
            .Sample((secret, settings, offset, signed, sent, mutations) =>
            {
                var timestamp = Seconds(Now.AddSeconds(offset));

                Assert.False(Verify(Source(secret, settings), Mutate(Sign(secret, settings, timestamp, signed), mutations), timestamp, sent).IsValid);
            }, iter: NarrowCases);

    [Fact]
    public void Verify_SignedTimestampChanged_IsNeverAccepted() =>
        Gen.Select(Secret, Setting.Where(s => s.Template.Contains("{timestamp}", StringComparison.Ordinal)), WithinTolerance, WithinTolerance, Body)
            .Where((_, _, a, b, _) => a != b)
            .Sample((secret, settings, signedAt, sentAt, body) =>
                Assert.False(Verify(Source(secret, settings), Sign(secret, settings, Seconds(Now.AddSeconds(signedAt)), body), Seconds(Now.AddSeconds(sentAt)), body).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedAsConfigured_IsAccepted() =>
        Gen.Select(Secret, Setting, WithinTolerance, Body).Sample((secret, settings, offset, body) =>
        {
            var timestamp = Seconds(Now.AddSeconds(offset));

            if (Source(secret, settings) is { } source)
                Assert.Equal(VerificationStatus.Valid, Verify(source, Sign(secret, settings, timestamp, body), timestamp, body).Status);
        }, iter: NarrowCases);

    internal sealed record Settings(string Algorithm, string Encoding, string Prefix, string Template)
    {
        public int BlockSize => Algorithm.Equals("sha512", StringComparison.OrdinalIgnoreCase) ? 128 : 64;
    }
}
