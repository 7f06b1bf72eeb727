using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Verification;

public sealed class GitHubSignatureSchemeTests
{
    private const string Secret = "It's a Secret to Everybody";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void Verify_GitHubDocumentedExample_IsValid()
    {
        // The example in GitHub's "Validating webhook deliveries" documentation.
        var body = Encoding.UTF8.GetBytes("Hello, World!");
        var header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        var result = Create("github", Secret).Scheme.Verify(Headers(("X-Hub-Signature-256", header)), body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_OnlySha1Header_SaysSo()
    {
        var result = Create("github", Secret).Scheme.Verify(Headers(("X-Hub-Signature", "sha1=abc")), "{}"u8.ToArray(), Now);

        Assert.Equal(VerificationStatus.MissingSignature, result.Status);
        Assert.Contains("SHA-1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutSha256Prefix_IsMalformed()
    {
        var body = "{}"u8.ToArray();
        var bare = Signatures.GitHub(Secret, body)["sha256=".Length..];

        var result = Create("github", Secret).Scheme.Verify(Headers(("X-Hub-Signature-256", bare)), body, Now);

        Assert.Equal(VerificationStatus.MalformedSignature, result.Status);
    }
}
