using System.Globalization;
using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Verification;

public sealed class StandardWebhooksSignatureSchemeTests
{
    private static readonly string Secret = Signatures.NewStandardWebhooksSecret();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"invoice.paid","data":{"id":"in_1"}}""");

    private static ReceivedHeaders Signed(DateTimeOffset at, string prefix = "webhook", string? signature = null)
    {
        var timestamp = at.ToUnixTimeSeconds();
        return Headers(
            ($"{prefix}-id", "msg_2Kd8"),
            ($"{prefix}-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            ($"{prefix}-signature", signature ?? Signatures.StandardWebhooks(Secret, "msg_2Kd8", timestamp, Body)));
    }

    [Fact]
    public void Verify_SignedNow_IsValidWithTheSignedTimestamp()
    {
        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.Equal(Now, result.SenderTimestamp);
    }

    [Fact]
    public void Verify_SvixHeaderNames_AreAccepted()
    {
        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now, prefix: "svix"), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampBeyondToleranceEitherWay_IsOutOfTolerance(int offsetSeconds)
    {
        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now.AddSeconds(offsetSeconds)), Body, Now);

        Assert.Equal(VerificationStatus.TimestampOutOfTolerance, result.Status);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void Verify_TimestampWithinTolerance_IsValid(int offsetSeconds)
    {
        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now.AddSeconds(offsetSeconds)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SeveralEntriesWithTheValidOneLast_IsValid()
    {
        var valid = Signatures.StandardWebhooks(Secret, "msg_2Kd8", Now.ToUnixTimeSeconds(), Body);
        var header = $"v1,{Convert.ToBase64String(new byte[32])} v1a,c29tZXRoaW5n {valid}";

        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now, signature: header), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_KeyedWithTheWholeSecretString_IsMismatch()
    {
        // whsec_ means "base64 key follows" here; a receiver that used the literal string would accept this.
        var literal = "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"msg_2Kd8.{Now.ToUnixTimeSeconds()}.").Concat(Body).ToArray()));

        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now, signature: literal), Body, Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Fact]
    public void Verify_NoIdHeader_IsMissingSignature()
    {
        var headers = Headers(("webhook-timestamp", "1795000000"), ("webhook-signature", "v1,AAAA"));

        var result = Create("standard-webhooks", Secret).Scheme.Verify(headers, Body, Now);

        Assert.Equal(VerificationStatus.MissingSignature, result.Status);
    }

    [Fact]
    public void Verify_NoV1Entry_IsMalformed()
    {
        var result = Create("standard-webhooks", Secret).Scheme.Verify(Signed(Now, signature: "v2,abc"), Body, Now);

        Assert.Equal(VerificationStatus.MalformedSignature, result.Status);
    }
}
