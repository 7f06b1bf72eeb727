using System.Text;
using static Hookbox.Tests.Schemes.SchemeRoundTripTests;

namespace Hookbox.Tests.Schemes;

public sealed class StandardWebhooksSchemeTests
{
    // The specification's example secret.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly StandardWebhooksScheme Scheme = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_614_265_330);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Fact]
    public void KeyFrom_WhsecSecret_IsTheBase64BytesAfterThePrefix() =>
        Assert.Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Scheme.KeyFrom(Secret));

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_")]
    public void KeyFrom_NotBase64_IsRefusedNamingTheSecretsIndex(string secret)
    {
        var options = new SourceOptions { Scheme = SchemeNames.StandardWebhooks };
        options.Secrets.AddRange([Secret, secret]);

        Assert.Null(Scheme.KeyFrom(secret));
        Assert.Equal(
            "Hookbox:Sources:sw:Secrets:1 is not a Standard Webhooks secret: expected whsec_ followed by base64",
            Assert.Single(TestSources.Errors("sw", options)));
    }

    [Fact]
    public void Defaults_TheSignedIdHeaderUnderEitherNameAndTheBodysType()
    {
        Assert.Equal(["header webhook-id", "header svix-id"], Scheme.DefaultIds.Select(l => l.Describe()));
        Assert.All(Scheme.DefaultIds, l => Assert.True(l.IsSigned));
        Assert.Equal(["body /type"], Scheme.DefaultTypes.Select(l => l.Describe()));
        Assert.True(Scheme.SignsHeader("Webhook-Id"));
        Assert.True(Scheme.SignsHeader("svix-id"));
        Assert.False(Scheme.SignsHeader("webhook-timestamp"));
        Assert.Equal("webhook-id", Scheme.SignedIdHeader);
    }

    [Fact]
    public void Sign_TheSpecificationsExample_IsItsSignature()
    {
        var headers = Headers(Scheme.Sign(new SourceOptions(), Secret, new OutgoingWebhook(Body, "msg_p5jXN8AQM9LWM0D4loKWxJek", "test", Now)));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers["webhook-signature"]);
        Assert.Equal(Signatures.StandardWebhooks(Secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", Now.ToUnixTimeSeconds(), Body), headers["webhook-signature"]);
        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", headers["webhook-id"]);
        Assert.Equal("1614265330", headers["webhook-timestamp"]);
    }

    [Fact]
    public void MistakenForms_AreTheWholeStringAsTheKey()
    {
        var form = Assert.Single(Scheme.MistakenForms("whsec_abc"));

        Assert.Equal(Encoding.UTF8.GetBytes("whsec_abc"), Scheme.KeyFrom(form.Secret));
        Assert.Contains("check --scheme", form.Description, StringComparison.Ordinal);
    }
}
