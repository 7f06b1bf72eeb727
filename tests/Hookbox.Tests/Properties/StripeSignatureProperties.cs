using System.Globalization;
using System.Text;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary><c>Stripe-Signature: t=…,v1=…</c> under generated and mutated input.</summary>
public sealed class StripeSignatureProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private static VerificationResult Verify(string secret, string? header, byte[] body) =>
        new StripeSignatureScheme([Encoding.UTF8.GetBytes(secret)], Tolerance).Verify(Headers(("Stripe-Signature", header)), body, Now);

    private static string Sign(string secret, int offset, byte[] body) => Signatures.Stripe(secret, Now.AddSeconds(offset).ToUnixTimeSeconds(), body);

    [Fact]
    public void Verify_AdversarialHeader_ReturnsAResult() =>
        Gen.Select(Secret, Body, WithinTolerance, Mutations).Sample((secret, body, offset, mutations) =>
        {
            var valid = Sign(secret, offset, body);
            var header = Mutate(valid, mutations);

            var result = Verify(secret, header, body);

            Assert.True(Enum.IsDefined(result.Status));
            Assert.False(string.IsNullOrEmpty(result.Message));
            if (result.IsValid)
                Assert.Contains(valid[(valid.IndexOf(",v1=", StringComparison.Ordinal) + 4)..], header, StringComparison.OrdinalIgnoreCase);
        }, iter: Cases);

    [Fact]
    public void Verify_SignedWithAnotherSecret_IsNeverAccepted() =>
        Gen.Select(Secret, Secret, Body, WithinTolerance, MaybeMutations)
            .Where((a, b, _, _, _) => AreDistinctHmacKeys(a, b))
            .Sample((secret, other, body, offset, mutations) =>
                Assert.False(Verify(secret, Mutate(Sign(other, offset, body), mutations), body).IsValid), iter: NarrowCases);

    [Fact]
    public void Verify_SignedOverAnotherBody_IsNeverAccepted() =>
        Gen.Select(Secret, Body, Body, WithinTolerance, MaybeMutations)
            .Where((_, a, b, _, _) => !a.AsSpan().SequenceEqual(b))
            .Sample((secret, signed, sent, offset, mutations) =>
                Assert.False(Verify(secret, Mutate(Sign(secret, offset, signed), mutations), sent).IsValid), iter: NarrowCases);

    [Fact]
    public void Verify_SignedForAnotherTimestamp_IsNeverAccepted() =>
        Gen.Select(Secret, Body, WithinTolerance, WithinTolerance)
            .Where((_, _, a, b) => a != b)
            .Sample((secret, body, signedAt, sentAt) =>
            {
                var header = Sign(secret, signedAt, body);
                var moved = "t=" + Now.AddSeconds(sentAt).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + header[header.IndexOf(',', StringComparison.Ordinal)..];

                Assert.False(Verify(secret, moved, body).IsValid);
            }, iter: NarrowCases);

    [Fact]
    public void Verify_SignedAsStripeDocuments_IsAccepted() =>
        Gen.Select(Secret, Body, WithinTolerance).Sample((secret, body, offset) =>
        {
            var result = Verify(secret, Sign(secret, offset, body), body);

            Assert.Equal(VerificationStatus.Valid, result.Status);
            Assert.Equal(Now.AddSeconds(offset), result.SenderTimestamp);
        }, iter: NarrowCases);

    [Fact]
    public void Verify_SeveralSignaturesOneOfThemRight_IsAccepted() =>
        Gen.Select(Secret, Secret, Body, WithinTolerance).Sample((secret, other, body, offset) =>
        {
            var right = Sign(secret, offset, body);
            var wrong = Sign(other, offset, body);
            var header = right + wrong[wrong.IndexOf(',', StringComparison.Ordinal)..];

            Assert.True(Verify(secret, header, body).IsValid);
        }, iter: NarrowCases);
}
