using System.Text;
using static Hookbox.Tests.Schemes.SchemeRoundTripTests;

namespace Hookbox.Tests.Schemes;

public sealed class StripeSchemeTests
{
    private const string Secret = "whsec_4eC39HqLyjWDarjtT1zdp7dc";
    private static readonly StripeScheme Scheme = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"payment_intent.succeeded"}""");

    [Fact]
    public void KeyFrom_WhsecSecret_IsTheWholeStringNotDecoded() =>
        Assert.Equal(Encoding.UTF8.GetBytes(Secret), Scheme.KeyFrom(Secret));

    [Fact]
    public void Defaults_IdAndTypeFromTheEventSubjectFromItsObject()
    {
        Assert.Equal(["body /id"], Scheme.DefaultIds.Select(l => l.Describe()));
        Assert.Equal(["body /type"], Scheme.DefaultTypes.Select(l => l.Describe()));
        Assert.Equal(["body /data/object/id"], Scheme.DefaultSubjects.Select(l => l.Describe()));
        Assert.False(Scheme.DedupesOnBodyByDefault);
    }

    [Fact]
    public void Sign_AsStripeDoes_TimestampAndV1InOneHeader()
    {
        var headers = Headers(Scheme.Sign(new SourceOptions(), Secret, new OutgoingWebhook(Body, "evt_1", "payment_intent.succeeded", Now)));

        Assert.Equal(Signatures.Stripe(Secret, Now.ToUnixTimeSeconds(), Body), headers["Stripe-Signature"]);
    }

    [Theory]
    [InlineData("v1=abc", "1795000000", "t=1795000000,v1=abc")]
    [InlineData("t=1,v1=abc", "1795000000", "t=1,v1=abc")]
    [InlineData("v1=abc", null, "v1=abc")]
    public void Headers_ATimestampGivenApart_IsPutBackInTheSignatureHeader(string signature, string? timestamp, string expected) =>
        Assert.Equal(expected, Scheme.Headers(new SourceOptions(), signature, timestamp, id: null)["Stripe-Signature"]);

    [Fact]
    public void Sample_IsAStripeEventWithThePayloadAsItsObject()
    {
        var body = Scheme.SampleBody(new() { ["id"] = "pi_1" }, "evt_1", "payment_intent.succeeded", Now);

        Assert.Equal("""{"id":"evt_1","object":"event","created":1795000000,"type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}}""", body.ToJsonString());
    }
}
