using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary><c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature: v1,&lt;b64&gt; …</c> under generated and mutated input.</summary>
public sealed class StandardWebhooksSignatureProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private static readonly Gen<string> Id = Gen.Frequency(
        (3, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_"].Array[1, 32].Select(c => "msg_" + new string(c))),
        (1, Text.Where(t => t.Length > 0)));

    private static VerificationResult Verify(byte[] key, string? id, string? timestamp, string? signature, byte[] body) =>
        new StandardWebhooksSignatureScheme([key], Tolerance).Verify(
            Headers(("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature)), body, Now);

    private static string Sign(byte[] key, string id, int offset, byte[] body) =>
        Signatures.StandardWebhooks("whsec_" + Convert.ToBase64String(key), id, Now.AddSeconds(offset).ToUnixTimeSeconds(), body);

    [Fact]
    public void Verify_AdversarialHeaders_ReturnsAResult() =>
        Gen.Select(Key, Id, Body, WithinTolerance, Gen.Select(Mutations, Mutations, Mutations, Gen.Int[0, 7]))
            .Sample((key, id, body, offset, mutations) =>
            {
                var (idMutations, timestampMutations, signatureMutations, which) = mutations;
                var timestamp = Seconds(Now.AddSeconds(offset));
                var signature = Sign(key, id, offset, body);
                var sentId = (which & 1) != 0 ? Mutate(id, idMutations) : id;
                var sentTimestamp = (which & 2) != 0 ? Mutate(timestamp, timestampMutations) : timestamp;
                var sentSignature = (which & 4) != 0 ? Mutate(signature, signatureMutations) : signature;

                var result = Verify(key, sentId, sentTimestamp, sentSignature, body);

                Assert.True(Enum.IsDefined(result.Status));
                Assert.False(string.IsNullOrEmpty(result.Message));
                if (result.IsValid)
                {
                    // Only the signature header may be reshaped (spaces, repeats); what is signed must be what was signed.
                    // The id is signed as UTF-8, where every lone surrogate is the same U+FFFD: compare those bytes.
                    Assert.Equal(System.Text.Encoding.UTF8.GetBytes(id), System.Text.Encoding.UTF8.GetBytes(sentId));
                    Assert.Equal(timestamp, sentTimestamp);
                    // Base64 decoding skips whitespace inside an entry and the unused bits of its last
                    // character, so the text may differ; the signature bytes may not.
                    var signed = Convert.FromBase64String(signature[3..]);
                    Assert.Contains(sentSignature.Split(' ', StringSplitOptions.RemoveEmptyEntries), entry =>
                        entry.StartsWith("v1,", StringComparison.Ordinal) && SignatureMatcher.FromBase64(entry.AsSpan(3), HmacAlgorithm.Sha256) is { } sent && sent.AsSpan().SequenceEqual(signed));
                }
            }, iter: Cases);

    [Fact]
    public void Verify_SignedWithAnotherKey_IsNeverAccepted() =>
        Gen.Select(Key, Key, Id, Body, WithinTolerance, MaybeMutations)
            .Where((a, b, _, _, _, _) => AreDistinctHmacKeys(a, b))
            .Sample((key, other, id, body, offset, mutations) =>
                Assert.False(Verify(key, id, Seconds(Now.AddSeconds(offset)), Mutate(Sign(other, id, offset, body), mutations), body).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedOverAnotherBody_IsNeverAccepted() =>
        Gen.Select(Key, Id, Body, Body, WithinTolerance, MaybeMutations)
            .Where((_, _, a, b, _, _) => !a.AsSpan().SequenceEqual(b))
            .Sample((key, id, signed, sent, offset, mutations) =>
                Assert.False(Verify(key, id, Seconds(Now.AddSeconds(offset)), Mutate(Sign(key, id, offset, signed), mutations), sent).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedForAnotherIdOrTimestamp_IsNeverAccepted() =>
        Gen.Select(Key, Id, Id, Body, WithinTolerance, WithinTolerance)
            .Where((_, a, b, _, c, d) => a != b || c != d)
            .Sample((key, signedId, sentId, body, signedAt, sentAt) =>
                Assert.False(Verify(key, sentId, Seconds(Now.AddSeconds(sentAt)), Sign(key, signedId, signedAt, body), body).IsValid),
                iter: NarrowCases);

    [Fact]
    public void Verify_SignedAsTheSpecificationSays_IsAccepted() =>
        Gen.Select(Key, Id, Body, WithinTolerance).Sample((key, id, body, offset) =>
        {
            var result = Verify(key, id, Seconds(Now.AddSeconds(offset)), Sign(key, id, offset, body), body);

            Assert.Equal(VerificationStatus.Valid, result.Status);
            Assert.Equal(Now.AddSeconds(offset), result.SenderTimestamp);
        }, iter: NarrowCases);

    [Fact]
    public void Verify_RightSignatureAmongOthers_IsAccepted() =>
        Gen.Select(Key, Key, Id, Body, WithinTolerance).Sample((key, other, id, body, offset) =>
        {
            var signatures = $"v1a,{Convert.ToBase64String(other)} {Sign(other, id, offset, body)} {Sign(key, id, offset, body)}";

            Assert.True(Verify(key, id, Seconds(Now.AddSeconds(offset)), signatures, body).IsValid);
        }, iter: NarrowCases);
}
