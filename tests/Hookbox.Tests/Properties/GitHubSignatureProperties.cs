using System.Text;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary><c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c> under generated and mutated input.</summary>
public sealed class GitHubSignatureProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private static VerificationResult Verify(string secret, string? header, byte[] body) =>
        new GitHubSignatureScheme([Encoding.UTF8.GetBytes(secret)]).Verify(Headers(("X-Hub-Signature-256", header)), body, Now);

    [Fact]
    public void Verify_AdversarialHeader_ReturnsAResult() =>
        Gen.Select(Secret, Body, Mutations).Sample((secret, body, mutations) =>
        {
            var valid = Signatures.GitHub(secret, body);
            var header = Mutate(valid, mutations);

            var result = Verify(secret, header, body);

            Assert.True(Enum.IsDefined(result.Status));
            Assert.False(string.IsNullOrEmpty(result.Message));
            if (result.IsValid)
                Assert.Contains(valid["sha256=".Length..], header, StringComparison.OrdinalIgnoreCase);
        }, iter: Cases);

    [Fact]
    public void Verify_SignedWithAnotherSecret_IsNeverAccepted() =>
        Gen.Select(Secret, Secret, Body, MaybeMutations)
            .Where((a, b, _, _) => AreDistinctHmacKeys(a, b))
            .Sample((secret, other, body, mutations) =>
                Assert.False(Verify(secret, Mutate(Signatures.GitHub(other, body), mutations), body).IsValid), iter: NarrowCases);

    [Fact]
    public void Verify_SignedOverAnotherBody_IsNeverAccepted() =>
        Gen.Select(Secret, Body, Body, MaybeMutations)
            .Where((_, a, b, _) => !a.AsSpan().SequenceEqual(b))
            .Sample((secret, signed, sent, mutations) =>
                Assert.False(Verify(secret, Mutate(Signatures.GitHub(secret, signed), mutations), sent).IsValid), iter: NarrowCases);

    [Fact]
    public void Verify_SignedAsGitHubDocuments_IsAccepted() =>
        Gen.Select(Secret, Body).Sample((secret, body) =>
            Assert.Equal(VerificationStatus.Valid, Verify(secret, Signatures.GitHub(secret, body), body).Status), iter: NarrowCases);
}
