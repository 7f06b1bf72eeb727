using System.Globalization;
using System.Text;
using static Hookbox.Tests.Schemes.SchemeRoundTripTests;

namespace Hookbox.Tests.Schemes;

public sealed class PocketsflowSchemeTests
{
    private const string Secret = "whsec_pocketsflow_secret";
    private static readonly PocketsflowScheme Scheme = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"order.completed","webhookId":"6a43cd117e229e3568f9c9e2"}""");

    [Fact]
    public void Defaults_IdFromTheBodyTypeFromTheBodyThenTheHeader_AndTheDigestWhenNoId()
    {
        Assert.Equal(["body /webhookId"], Scheme.DefaultIds.Select(l => l.Describe()));
        Assert.Equal(["body /event", "header X-Pocketsflow-Event"], Scheme.DefaultTypes.Select(l => l.Describe()));
        Assert.Equal(["body /order/id", "body /subscriptionCustomerId", "body /subscriptionCustomer/id", "body /paymentIntent/id"], Scheme.DefaultSubjects.Select(l => l.Describe()));
        Assert.True(Scheme.HashesBodyWhenIdMissing);
        Assert.False(Scheme.DedupesOnBodyByDefault);
        Assert.False(Scheme.SignsHeader(PocketsflowSignatureScheme.EventHeader));
    }

    [Fact]
    public void KeyFrom_WhsecSecret_IsTheWholeStringNotDecoded() =>
        Assert.Equal(Encoding.UTF8.GetBytes(Secret), Scheme.KeyFrom(Secret));

    [Fact]
    public void NoSecrets_PointsAtTheEnvironmentVariable() =>
        Assert.Equal(
            "Hookbox:Sources:pocketsflow:Secrets is empty; set POCKETSFLOW_WEBHOOK_SECRET or Hookbox:Sources:pocketsflow:Secrets:0 to the signing secret Pocketsflow shows",
            Assert.Single(TestSources.Errors("pocketsflow", new SourceOptions())));

    [Fact]
    public void Sign_AsPocketsflowDoes_HexOfTheBodyWithTheEventAndAMillisecondTimestamp()
    {
        var headers = Headers(Scheme.Sign(new SourceOptions(), Secret, new OutgoingWebhook(Body, "6a43cd117e229e3568f9c9e2", "order.completed", Now)));

        Assert.Equal(Signatures.Pocketsflow(Secret, Body), headers[PocketsflowSignatureScheme.SignatureHeader]);
        Assert.Equal("order.completed", headers[PocketsflowSignatureScheme.EventHeader]);
        Assert.Equal("1795000000123", headers[PocketsflowSignatureScheme.TimestampHeader]);
    }

    [Fact]
    public void Sign_SignedTimestamp_SignsTheTimestampThenTheBody()
    {
        var headers = Headers(Scheme.Sign(new SourceOptions { SignedTimestamp = true }, Secret, new OutgoingWebhook(Body, "id", "order.completed", Now)));

        Assert.Equal(Signatures.PocketsflowSignedTimestamp(Secret, Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Body), headers[PocketsflowSignatureScheme.SignatureHeader]);
    }

    [Theory]
    [InlineData(false, "pass --signed-timestamp")]
    [InlineData(true, "drop --signed-timestamp")]
    public void OtherTimestampSetting_SenderSignsTheOtherWay_AcceptsItAndSaysWhatToChange(bool signedTimestamp, string advice)
    {
        var (_, options, source) = Build(SchemeNames.Pocketsflow, $"SignedTimestamp={signedTimestamp}", Secret);
        var sender = new SourceOptions { SignedTimestamp = !signedTimestamp };
        var headers = Headers(Scheme.Sign(sender, Secret, new OutgoingWebhook(Body, "id", "order.completed", Now)));

        var hint = Scheme.OtherTimestampSetting(options, [Scheme.KeyFrom(Secret)!]);

        Assert.Equal(VerificationStatus.Mismatch, source.Scheme.Verify(headers, Body, Now).Status);
        Assert.NotNull(hint);
        Assert.Equal(VerificationStatus.Valid, hint.Verifier.Verify(headers, Body, Now.AddDays(1)).Status);
        Assert.Contains(advice, hint.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("whsec_abc", "abc")]
    [InlineData("abc", "whsec_abc")]
    public void MistakenForms_AreTheSecretWithItsWhsecPrefixDroppedOrAdded(string secret, string mistaken) =>
        Assert.Equal([mistaken], Scheme.MistakenForms(secret).Select(f => f.Secret));
}
