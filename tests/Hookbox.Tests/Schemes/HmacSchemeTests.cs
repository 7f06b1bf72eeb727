using System.Security.Cryptography;
using System.Text;
using static Hookbox.Tests.Schemes.SchemeRoundTripTests;

namespace Hookbox.Tests.Schemes;

public sealed class HmacSchemeTests
{
    private const string Secret = "hmac-secret";
    private static readonly HmacScheme Scheme = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"1","type":"thing.happened"}""");

    [Fact]
    public void Sign_Sha512Base64WithPrefixAndTimestamp_IsThePrefixedHmacOfTheSignedContent()
    {
        var options = new SourceOptions
        {
            SignatureHeader = "X-Signature", Algorithm = "sha512", Encoding = "base64", SignaturePrefix = "sha512=",
            SignedContent = "{timestamp}:{body}", TimestampHeader = "X-Timestamp",
        };

        var headers = Headers(Scheme.Sign(options, Secret, new OutgoingWebhook(Body, "1", "thing.happened", Now)));

        var expected = HMACSHA512.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1795000000:").Concat(Body).ToArray());
        Assert.Equal("sha512=" + Convert.ToBase64String(expected), headers["X-Signature"]);
        Assert.Equal("1795000000", headers["X-Timestamp"]);
    }

    [Fact]
    public void Sign_Defaults_AreTheHexSha256OfTheBodyAlone()
    {
        var headers = Scheme.Sign(new SourceOptions { SignatureHeader = "X-Signature" }, Secret, new OutgoingWebhook(Body, "1", "thing.happened", Now));

        var header = Assert.Single(headers);
        Assert.Equal(new("X-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body))), header);
    }

    [Fact]
    public void Sign_SourceReadsTheIdAndTypeFromItsOwnHeaders_SendsThemThere()
    {
        var options = new SourceOptions { SignatureHeader = "X-Signature", EventIdHeader = " X-Event-Id ", EventTypeHeader = "X-Signature" };

        var headers = Scheme.Sign(options, Secret, new OutgoingWebhook(Body, "evt_9", "thing.happened", Now));

        // A header the sender already sends is not sent twice.
        Assert.Equal(["X-Signature", "X-Event-Id"], headers.Select(h => h.Key));
        Assert.Equal("evt_9", headers[1].Value);
    }

    [Fact]
    public void NameUnconfiguredHeaders_FillsOnlyWhatTheSourceLeftUnnamed()
    {
        var unnamed = new SourceOptions();
        var named = new SourceOptions { SignatureHeader = "X-Acme-Signature", TimestampHeader = "X-Acme-Time" };

        Scheme.NameUnconfiguredHeaders(unnamed);
        Scheme.NameUnconfiguredHeaders(named);

        Assert.Equal(("signature", "timestamp"), (unnamed.SignatureHeader, unnamed.TimestampHeader));
        Assert.Equal(("X-Acme-Signature", "X-Acme-Time"), (named.SignatureHeader, named.TimestampHeader));
    }

    [Fact]
    public void ConfiguredSignatureHeader_IsTheSourcesOwnTrimmed_AndOnlyHmacHasOne()
    {
        var options = new SourceOptions { SignatureHeader = " X-Acme-Signature " };

        Assert.Equal("X-Acme-Signature", Scheme.ConfiguredSignatureHeader(options));
        Assert.All(WebhookSchemes.All.Where(s => s is not HmacScheme), s => Assert.Null(s.ConfiguredSignatureHeader(options)));
    }

    [Fact]
    public void KeyFrom_IsTheSecretStringAsIs() => Assert.Equal(Encoding.UTF8.GetBytes("whsec_abc"), Scheme.KeyFrom("whsec_abc"));

    [Fact]
    public void ExpectedForm_NamesThePrefixEncodingAndAlgorithm() =>
        Assert.Equal(
            "this source expects 'sha256=' then the base64 HMAC-SHA512",
            Scheme.ExpectedForm(new SourceOptions { SignaturePrefix = "sha256=", Encoding = "base64", Algorithm = "sha512" }));
}
