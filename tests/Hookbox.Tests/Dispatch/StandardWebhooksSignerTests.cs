using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// The signature a destination verifies: checked against the specification's example, an HMAC
/// computed here with nothing of Hookbox's, and Hookbox's own Standard Webhooks verifier.
/// </summary>
public sealed class StandardWebhooksSignerTests
{
    private const string Id = "01JHOOKBOXID000000000000";
    private const long Timestamp = 1_795_000_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"webhookId":"webhook_123abc","event":"order.completed"}""");

    /// <summary>What the specification says, computed without Hookbox: HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, base64, after <c>v1,</c>.</summary>
    private static string Expected(byte[] key, string id, long timestamp, byte[] body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.")), .. body]));

    private static byte[] Key(string secret) => StandardWebhooksSignatureScheme.KeyFromSecret(secret)!; // the tests' secrets are valid

    private static VerificationResult Verify(IReadOnlyList<byte[]> keys, string id, long timestamp, byte[] body, string signature) =>
        new StandardWebhooksSignatureScheme(keys, TimeSpan.FromMinutes(5)).Verify(
            Headers(("webhook-id", id), ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)), ("webhook-signature", signature)),
            body,
            DateTimeOffset.FromUnixTimeSeconds(timestamp));

    [Fact]
    public void Sign_TheSpecificationsExample_IsItsSignature()
    {
        // From the Standard Webhooks specification's test vectors.
        var key = Key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        var signature = StandardWebhooksSigner.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, """{"test": 2432232314}"""u8);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    private static readonly Dictionary<string, byte[]> Bodies = new()
    {
        ["empty"] = [],
        ["one byte"] = [(byte)'{'],
        ["non-ASCII JSON"] = Encoding.UTF8.GetBytes("""{"customer":"Zoë Ångström","amount":"12,50 €"}"""),
        ["a byte order mark and bytes that are not UTF-8"] = [0xEF, 0xBB, 0xBF, (byte)'{', 0xFF, 0x00, 0xC3, (byte)'}'],
        // Lengths that are not a power of two: the signer signs a slice of a larger pooled buffer.
        ["1000 bytes"] = RandomNumberGenerator.GetBytes(1000),
        ["a mebibyte and one"] = RandomNumberGenerator.GetBytes((1 << 20) + 1),
    };

    [Theory]
    [InlineData("empty")]
    [InlineData("one byte")]
    [InlineData("non-ASCII JSON")]
    [InlineData("a byte order mark and bytes that are not UTF-8")]
    [InlineData("1000 bytes")]
    [InlineData("a mebibyte and one")]
    public void Sign_AnyBody_IsTheHmacOfIdDotTimestampDotBodyUnderTheKey(string body)
    {
        var key = RandomNumberGenerator.GetBytes(24);

        Assert.Equal(Expected(key, Id, Timestamp, Bodies[body]), StandardWebhooksSigner.Sign(key, Id, Timestamp, Bodies[body]));
    }

    [Fact]
    public void Sign_ShortBodyAfterALongOne_SignsOnlyItsOwnBytes()
    {
        // The pooled buffer comes back holding the long body's bytes; none of them may be signed.
        var key = RandomNumberGenerator.GetBytes(24);
        StandardWebhooksSigner.Sign(key, Id, Timestamp, RandomNumberGenerator.GetBytes(100_000));

        Assert.Equal(Expected(key, Id, Timestamp, Body), StandardWebhooksSigner.Sign(key, Id, Timestamp, Body));
    }

    [Fact]
    public void Sign_WhsecSecret_IsKeyedWithTheBase64BytesAfterThePrefixNotTheWholeString()
    {
        var secret = Signatures.NewStandardWebhooksSecret();

        var signature = StandardWebhooksSigner.Sign(Key(secret), Id, Timestamp, Body);

        Assert.Equal(Expected(Convert.FromBase64String(secret["whsec_".Length..]), Id, Timestamp, Body), signature);
        Assert.Equal(Signatures.StandardWebhooks(secret, Id, Timestamp, Body), signature);
        Assert.NotEqual(Expected(Encoding.UTF8.GetBytes(secret), Id, Timestamp, Body), signature);
    }

    [Fact]
    public void Sign_SecretWithoutTheWhsecPrefix_SignsAsWithIt()
    {
        var secret = Signatures.NewStandardWebhooksSecret();

        Assert.Equal(
            StandardWebhooksSigner.Sign(Key(secret), Id, Timestamp, Body),
            StandardWebhooksSigner.Sign(Key(secret["whsec_".Length..]), Id, Timestamp, Body));
    }

    [Fact]
    public void Sign_VerifiedByHookboxsStandardWebhooksScheme_IsValidWithItsTimestamp()
    {
        var key = Key(Signatures.NewStandardWebhooksSecret());

        var result = Verify([key], Id, Timestamp, Body, StandardWebhooksSigner.Sign(key, Id, Timestamp, Body));

        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.Equal(Now, result.SenderTimestamp);
    }

    [Fact]
    public void Sign_WithTheNewKeyDuringRotation_IsValidForAReceiverHoldingBothAndOnlyForIt()
    {
        var old = Key(Signatures.NewStandardWebhooksSecret());
        var current = Key(Signatures.NewStandardWebhooksSecret());

        var signature = StandardWebhooksSigner.Sign(current, Id, Timestamp, Body);

        Assert.Equal(VerificationStatus.Valid, Verify([old, current], Id, Timestamp, Body, signature).Status);
        Assert.Equal(VerificationStatus.Mismatch, Verify([old], Id, Timestamp, Body, signature).Status);
    }

    [Fact]
    public void Sign_IdTimestampAndBody_AreEachSigned()
    {
        var key = Key(Signatures.NewStandardWebhooksSecret());
        var signature = StandardWebhooksSigner.Sign(key, Id, Timestamp, Body);

        Assert.Equal(VerificationStatus.Mismatch, Verify([key], Id + "X", Timestamp, Body, signature).Status);
        Assert.Equal(VerificationStatus.Mismatch, Verify([key], Id, Timestamp + 1, Body, signature).Status);
        Assert.Equal(VerificationStatus.Mismatch, Verify([key], Id, Timestamp, [.. Body, (byte)' '], signature).Status);
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_")]
    [InlineData("")]
    [InlineData("whsec_====")]
    public void KeyFromSecret_NotAStandardWebhooksSecret_IsNullSoNoRouteSignsWithIt(string secret)
    {
        // The signer takes key bytes; a route's secret becomes them here, and a route whose secret
        // does not is refused at start (RouteFactory: "...:Secret is not a Standard Webhooks secret").
        Assert.Null(StandardWebhooksSignatureScheme.KeyFromSecret(secret));
    }
}
