using System.Security.Cryptography;
using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Envelope;

public sealed class EnvelopeReaderTests
{
    private static EnvelopeResult Read(WebhookSource source, string body, params (string, string)[] headers) =>
        source.Envelope.Read(Headers(headers), Encoding.UTF8.GetBytes(body));

    // Found by EnvelopeReaderProperties (issue 11): both threw InvalidOperationException, a 500 instead of a 400.
    [Theory]
    [InlineData("""{"id":"\ud800","type":"order.completed"}""", ErrorCodes.MissingEventId)]
    [InlineData("""{"\udc00":1,"id":"evt_1","type":"\ud83d"}""", ErrorCodes.MissingEventType)]
    public void Read_FieldEscapedIntoNoUnicodeString_IsRefusedNotThrown(string body, string error)
    {
        var result = Read(Create("stripe", "s"), body);

        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Read_Pocketsflow_TypeFromHeaderAndIdFromWebhookId()
    {
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"webhook_123abc"}""", ("X-Pocketsflow-Event", "order.completed"));

        Assert.Equal(new EventEnvelope("webhook_123abc", "order.completed"), result.Envelope);
    }

    [Fact]
    public void Read_PocketsflowEventHeaderContradictsTheBodysEvent_IsEnvelopeMismatch()
    {
        // Issue 11: the body is signed and the header is not; before, the header won.
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"webhook_123abc","event":"order.refunded"}""", ("X-Pocketsflow-Event", "order.completed"));

        Assert.Null(result.Envelope);
        Assert.Equal(ErrorCodes.EnvelopeMismatch, result.Error);
        Assert.Equal("header X-Pocketsflow-Event contradicts the signed body /event; the header is not signed, so the request is refused", result.Message);
    }

    [Fact]
    public void Read_PocketsflowEventHeaderSameAsTheBodysEvent_IsRead()
    {
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"w1","event":"order.completed"}""", ("X-Pocketsflow-Event", "order.completed, order.refunded"));

        Assert.Equal(new EventEnvelope("w1", "order.completed"), result.Envelope);
    }

    [Fact]
    public void Read_HmacWithTypeHeaderAndPointer_BodyWinsAndTheHeaderMustAgree()
    {
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Sig";
            o.EventIdHeader = "X-Id";
            o.EventIdPointer = "/id";
            o.EventTypeHeader = "X-Kind";
            o.EventTypePointer = "/type";
        }, "s");

        var bodyOnly = Read(source, """{"id":"a1","type":"thing.made"}""");
        var headersOnly = Read(source, """{"n":1}""", ("X-Id", "a2"), ("X-Kind", "thing.made"));
        var agreeing = Read(source, """{"id":"a3","type":"thing.made"}""", ("X-Id", "a3"), ("X-Kind", "thing.made"));
        var otherId = Read(source, """{"id":"a4","type":"thing.made"}""", ("X-Id", "a5"));
        var otherType = Read(source, """{"id":"a6","type":"thing.made"}""", ("X-Kind", "thing.unmade"));

        Assert.Equal(new EventEnvelope("a1", "thing.made"), bodyOnly.Envelope);
        Assert.Equal(new EventEnvelope("a2", "thing.made"), headersOnly.Envelope);
        Assert.Equal(new EventEnvelope("a3", "thing.made"), agreeing.Envelope);
        Assert.Equal((ErrorCodes.EnvelopeMismatch, "header X-Id contradicts the signed body /id; the header is not signed, so the request is refused"), (otherId.Error, otherId.Message));
        Assert.Equal((ErrorCodes.EnvelopeMismatch, "header X-Kind contradicts the signed body /type; the header is not signed, so the request is refused"), (otherType.Error, otherType.Message));
    }

    [Fact]
    public void Read_StandardWebhooksIdHeadersBothSigned_TheFirstWinsWithoutMismatch()
    {
        // webhook-id is signed by the scheme itself: two signed places are not a contradiction.
        var result = Read(Create("standard-webhooks", "whsec_c2VjcmV0"), """{"type":"invoice.paid"}""", ("webhook-id", "msg_1"), ("svix-id", "msg_2"));

        Assert.Equal(new EventEnvelope("msg_1", "invoice.paid"), result.Envelope);
    }

    [Fact]
    public void Read_PocketsflowWithoutEventHeader_TypeFromBodyEvent()
    {
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"1234","event":"order.refunded"}""");

        Assert.Equal(new EventEnvelope("1234", "order.refunded"), result.Envelope);
    }

    [Fact]
    public void Read_PocketsflowNumericWebhookId_IsTheNumbersText()
    {
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":98765,"event":"order.completed"}""");

        Assert.Equal("98765", result.Envelope?.EventId);
    }

    [Fact]
    public void Read_PocketsflowWithoutWebhookId_IdIsSha256OfBody()
    {
        const string body = """{"event":"customer.created","customer":{"email":"a@example.com"}}""";

        var result = Read(Create("pocketsflow", "s"), body);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), result.Envelope?.EventId);
    }

    [Fact]
    public void Read_NoTypeAnywhere_IsMissingEventType()
    {
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"w1"}""");

        Assert.Null(result.Envelope);
        Assert.Equal(ErrorCodes.MissingEventType, result.Error);
        Assert.Contains("X-Pocketsflow-Event", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"webhookId\":")]
    [InlineData("not json")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    public void Read_BodyNotJson_IsInvalidJson(string body)
    {
        var result = Read(Create("pocketsflow", "s"), body, ("X-Pocketsflow-Event", "order.completed"));

        Assert.Equal(ErrorCodes.InvalidJson, result.Error);
    }

    [Fact]
    public void Read_GitHubWithoutDeliveryHeader_IsMissingEventId()
    {
        var result = Read(Create("github", "s"), "{}", ("X-GitHub-Event", "push"));

        Assert.Equal(ErrorCodes.MissingEventId, result.Error);
    }

    [Fact]
    public void Read_ConfiguredPointers_OverrideTheSchemeDefaults()
    {
        var source = Create("hmac", o =>
        {
            o.SignatureHeader = "X-Sig";
            o.EventIdPointer = "/data/ids/1";
            o.EventTypeHeader = "X-Kind";
        }, "s");

        var result = Read(source, """{"data":{"ids":["a","b~/c"]},"type":"ignored"}""", ("X-Kind", "thing.made"));

        Assert.Equal(new EventEnvelope("b~/c", "thing.made"), result.Envelope);
    }

    [Fact]
    public void Read_IdLongerThanTheLimit_IsRefused()
    {
        var result = Read(Create("stripe", "s"), $$"""{"id":"{{new string('x', 300)}}","type":"t"}""");

        Assert.Equal(ErrorCodes.InvalidEnvelope, result.Error);
    }

    [Theory]
    [InlineData("""{"id":"evt\u0000x","type":"t"}""")]
    [InlineData("""{"id":"evt_1","type":"t\u001b[31m"}""")]
    [InlineData("""{"id":"evt_\u202egnp","type":"t"}""")]
    [InlineData("""{"id":"evt_1","type":"order.\u2066completed"}""")]
    [InlineData("""{"id":"evt_\u200b1","type":"t"}""")]
    [InlineData("""{"id":"\u00e9vt_1","type":"t"}""")]
    [InlineData("""{"id":"evt_1","type":"\u0435vent"}""")]
    [InlineData("""{"id":"evt_1\u0085","type":"t"}""")]
    [InlineData("""{"id":" evt_1","type":"t"}""")]
    [InlineData("""{"id":"evt_1","type":"t "}""")]
    [InlineData("""{"id":"evt_1","type":"\ud83d\ude00"}""")]
    public void Read_IdOrTypeThatCannotTravelInAHeader_IsRefused(string body)
    {
        var result = Read(Create("stripe", "s"), body);

        Assert.Equal(ErrorCodes.InvalidEnvelope, result.Error);
    }

    [Theory]
    [InlineData("""{"id":"evt_1Q2w~!@#$%^&*()[]{}<>?/\\|;:'\"`=+-_.,","type":"invoice.paid"}""")]
    [InlineData("""{"id":"evt 1","type":"Order Created"}""")]
    public void Read_PrintableAsciiIdAndType_AreRead(string body)
    {
        var result = Read(Create("stripe", "s"), body);

        Assert.True(result.IsRead, result.Message);
    }
}
