using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Verification;

public sealed class HmacSignatureSchemeTests
{
    private const string Secret = "plain-hmac-secret";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"42","type":"thing.happened"}""");

    [Fact]
    public void Verify_HexSha256OfBody_IsValid()
    {
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));
        var source = Create("hmac", o => o.SignatureHeader = "X-Signature", Secret);

        var result = source.Scheme.Verify(Headers(("X-Signature", signature)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_Base64Sha512WithPrefix_IsValid()
    {
        var signature = "sha512=" + Convert.ToBase64String(HMACSHA512.HashData(Encoding.UTF8.GetBytes(Secret), Body));
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Signature";
            o.Algorithm = "sha512";
            o.Encoding = "base64";
            o.SignaturePrefix = "sha512=";
        }, Secret);

        var result = source.Scheme.Verify(Headers(("X-Signature", signature)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_TimestampTemplate_SignsTimestampAndEnforcesTolerance()
    {
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Signature";
            o.SignedContent = "{timestamp}.{body}";
            o.TimestampHeader = "X-Timestamp";
        }, Secret);
        ReceivedHeaders SignedAt(DateTimeOffset at)
        {
            var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var content = Encoding.UTF8.GetBytes(timestamp + ".").Concat(Body).ToArray();
            return Headers(("X-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), content))), ("X-Timestamp", timestamp));
        }

        Assert.Equal(VerificationStatus.Valid, source.Scheme.Verify(SignedAt(Now), Body, Now).Status);
        Assert.Equal(VerificationStatus.TimestampOutOfTolerance, source.Scheme.Verify(SignedAt(Now.AddHours(-1)), Body, Now).Status);
        Assert.Equal(VerificationStatus.MissingSignature, source.Scheme.Verify(Headers(("X-Signature", "00")), Body, Now).Status);
    }

    [Fact]
    public void Verify_PrefixMissing_IsMalformed()
    {
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Signature";
            o.SignaturePrefix = "sha256=";
        }, Secret);

        var result = source.Scheme.Verify(Headers(("X-Signature", signature)), Body, Now);

        Assert.Equal(VerificationStatus.MalformedSignature, result.Status);
    }
}
