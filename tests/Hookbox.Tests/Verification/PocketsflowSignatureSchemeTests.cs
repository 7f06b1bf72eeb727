using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Verification;

public sealed class PocketsflowSignatureSchemeTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"webhookId":"webhook_123abc","amount":1500}""");

    [Fact]
    public void Verify_HexHmacOfBodyKeyedWithWholeSecretString_IsValid()
    {
        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(("X-Pocketsflow-Signature", Signatures.Pocketsflow(Secret, Body))), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SecretBase64DecodedAfterWhsec_IsMismatch()
    {
        // The scheme decides what whsec_ means: for Pocketsflow it is part of the key, never a base64 marker.
        var decodedKey = Convert.FromBase64String(Secret["whsec_".Length..]);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(decodedKey, Body));

        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(("X-Pocketsflow-Signature", signature)), Body, Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Fact]
    public void Verify_UppercaseHex_IsValid()
    {
        var signature = Signatures.Pocketsflow(Secret, Body).ToUpperInvariant();

        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(("X-Pocketsflow-Signature", signature)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_BodyWithWhitespaceChanged_IsMismatch()
    {
        var signature = Signatures.Pocketsflow(Secret, Body);
        var reformatted = Encoding.UTF8.GetBytes("""{"webhookId": "webhook_123abc", "amount": 1500}""");

        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(("X-Pocketsflow-Signature", signature)), reformatted, Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_IsMissingSignature()
    {
        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(), Body, Now);

        Assert.Equal(VerificationStatus.MissingSignature, result.Status);
        Assert.Contains("X-Pocketsflow-Signature", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignatureNotHex_IsMalformed()
    {
        var result = Create("pocketsflow", Secret).Scheme.Verify(Headers(("X-Pocketsflow-Signature", "sha256=nothex")), Body, Now);

        Assert.Equal(VerificationStatus.MalformedSignature, result.Status);
    }

    [Theory]
    [InlineData("1795000000123", 1_795_000_000_123)]
    [InlineData("1795000000", 1_795_000_000_000)]
    public void Verify_TimestampInMillisecondsOrSeconds_IsRecordedNotEnforced(string header, long expectedMilliseconds)
    {
        var headers = Headers(("X-Pocketsflow-Signature", Signatures.Pocketsflow(Secret, Body)), ("X-Pocketsflow-Timestamp", header));

        // A day away from the clock: an unsigned timestamp proves nothing, so it does not reject.
        var result = Create("pocketsflow", Secret).Scheme.Verify(headers, Body, Now.AddDays(1));

        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.Equal(expectedMilliseconds, result.SenderTimestamp?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Verify_SignedTimestampOption_VerifiesTimestampDotBody()
    {
        var timestamp = Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = Headers(
            ("X-Pocketsflow-Signature", Signatures.PocketsflowSignedTimestamp(Secret, timestamp, Body)),
            ("X-Pocketsflow-Timestamp", timestamp));
        var source = Create("pocketsflow", o => o.SignedTimestamp = true, Secret);

        Assert.Equal(VerificationStatus.Valid, source.Scheme.Verify(headers, Body, Now.AddSeconds(30)).Status);
        Assert.Equal(VerificationStatus.TimestampOutOfTolerance, source.Scheme.Verify(headers, Body, Now.AddMinutes(6)).Status);
        Assert.Equal(VerificationStatus.TimestampOutOfTolerance, source.Scheme.Verify(headers, Body, Now.AddMinutes(-6)).Status);
    }

    [Fact]
    public void Verify_SignedTimestampOptionWithoutTimestamp_IsMissingSignature()
    {
        var source = Create("pocketsflow", o => o.SignedTimestamp = true, Secret);

        var result = source.Scheme.Verify(Headers(("X-Pocketsflow-Signature", Signatures.Pocketsflow(Secret, Body))), Body, Now);

        Assert.Equal(VerificationStatus.MissingSignature, result.Status);
    }

    [Fact]
    public void Verify_SignatureOfBodyAloneWhenTimestampIsSigned_IsMismatch()
    {
        var headers = Headers(("X-Pocketsflow-Signature", Signatures.Pocketsflow(Secret, Body)), ("X-Pocketsflow-Timestamp", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var result = Create("pocketsflow", o => o.SignedTimestamp = true, Secret).Scheme.Verify(headers, Body, Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }
}
