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
        var result = Read(Create("pocketsflow", "s"), """{"webhookId":"webhook_123abc","event":"ignored"}""", ("X-Pocketsflow-Event", "order.completed"));

        Assert.Equal(new EventEnvelope("webhook_123abc", "order.completed"), result.Envelope);
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
    public void Read_ControlCharacterInIdOrType_IsRefused(string body)
    {
        var result = Read(Create("stripe", "s"), body);

        Assert.Equal(ErrorCodes.InvalidEnvelope, result.Error);
    }
}
