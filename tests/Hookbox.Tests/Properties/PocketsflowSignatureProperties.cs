using System.Globalization;
using System.Text;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>
/// <c>X-Pocketsflow-Signature</c> (hex of the body, or of <c>{timestamp}.{body}</c> when the
/// source signs the timestamp) and <c>X-Pocketsflow-Timestamp</c> (seconds or milliseconds)
/// under generated and mutated input.
/// </summary>
public sealed class PocketsflowSignatureProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    /// <summary>The timestamp as the example sender writes it (milliseconds) or as the docs say (seconds).</summary>
    private static readonly Gen<string> Timestamp = Gen.Select(WithinTolerance, Gen.Bool, (offset, milliseconds) =>
        milliseconds
            ? Now.AddSeconds(offset).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
            : Seconds(Now.AddSeconds(offset)));

    private static VerificationResult Verify(string secret, bool signedTimestamp, string? signature, string? timestamp, byte[] body) =>
        new PocketsflowSignatureScheme([Encoding.UTF8.GetBytes(secret)], signedTimestamp, Tolerance).Verify(
            Headers(("X-Pocketsflow-Signature", signature), ("X-Pocketsflow-Timestamp", timestamp)), body, Now);

    private static string Sign(string secret, bool signedTimestamp, string timestamp, byte[] body) =>
        signedTimestamp ? Signatures.PocketsflowSignedTimestamp(secret, timestamp, body) : Signatures.Pocketsflow(secret, body);

    [Fact]
    public void Verify_AdversarialHeaders_ReturnsAResult() =>
        Gen.Select(Secret, Gen.Bool, Timestamp, Body, Gen.Select(Mutations, Mutations, Gen.Int[0, 3]))
            .Sample((secret, signedTimestamp, timestamp, body, mutations) =>
            {
                var (signatureMutations, timestampMutations, which) = mutations;
                var signature = Sign(secret, signedTimestamp, timestamp, body);
                var sentSignature = (which & 1) != 0 ? Mutate(signature, signatureMutations) : signature;
                var sentTimestamp = (which & 2) != 0 ? Mutate(timestamp, timestampMutations) : timestamp;

                var result = Verify(secret, signedTimestamp, sentSignature, sentTimestamp, body);

                Assert.True(Enum.IsDefined(result.Status));
                Assert.False(string.IsNullOrEmpty(result.Message));
                if (result.IsValid)
                {
                    Assert.Equal(signature, sentSignature.Trim(), ignoreCase: true);
                    if (signedTimestamp)
                        Assert.Equal(timestamp, sentTimestamp);
                }
            }, iter: Cases);

    [Fact]
    public void Verify_SignedWithAnotherSecret_IsNeverAccepted() =>
        Gen.Select(Secret, Secret, Gen.Bool, Timestamp, Body, MaybeMutations)
            .Where((a, b, _, _, _, _) => AreDistinctHmacKeys(a, b))
            .Sample((secret, other, signedTimestamp, timestamp, body, mutations) =>
                Assert.False(Verify(secret, signedTimestamp, Mutate(Sign(other, signedTimestamp, timestamp, body), mutations), timestamp, body).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedOverAnotherBody_IsNeverAccepted() =>
        Gen.Select(Secret, Gen.Bool, Timestamp, Body, Body, MaybeMutations)
            .Where((_, _, _, a, b, _) => !a.AsSpan().SequenceEqual(b))
            .Sample((secret, signedTimestamp, timestamp, signed, sent, mutations) =>
                Assert.False(Verify(secret, signedTimestamp, Mutate(Sign(secret, signedTimestamp, timestamp, signed), mutations), timestamp, sent).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedTimestampChanged_IsNeverAccepted() =>
        Gen.Select(Secret, Timestamp, Timestamp, Body)
            .Where((_, a, b, _) => a != b)
            .Sample((secret, signedAt, sentAt, body) =>
                Assert.False(Verify(secret, signedTimestamp: true, Sign(secret, true, signedAt, body), sentAt, body).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedAsPocketsflowDoes_IsAccepted() =>
        Gen.Select(Secret, Gen.Bool, Timestamp, Body).Sample((secret, signedTimestamp, timestamp, body) =>
        {
            var result = Verify(secret, signedTimestamp, Sign(secret, signedTimestamp, timestamp, body), timestamp, body);

            Assert.Equal(VerificationStatus.Valid, result.Status);
            Assert.NotNull(result.SenderTimestamp);
        }, iter: NarrowCases);
}
