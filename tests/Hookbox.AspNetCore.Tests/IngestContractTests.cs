using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Every row of DESIGN.md's contract table, over Kestrel on 127.0.0.1 and a real SQLite file.</summary>
public sealed class IngestContractTests : HostedTest
{
    [Fact]
    public async Task Post_NewEventWithValidSignature_Is200AcceptedAndStoredByteExact()
    {
        var body = PocketsflowEvents.Body("6a43cc887e229e3568f9c9d5");

        using var response = await SendAsync(PocketsflowEvents.Request(body));
        var answer = await JsonAsync(response);
        var id = answer.GetProperty("id").GetString()!;
        using var stored = await Client.GetAsync($"/api/events/{id}", Token);
        var detail = await JsonAsync(stored);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", answer.GetProperty("status").GetString());
        Assert.StartsWith("hb_", id, StringComparison.Ordinal);
        Assert.Equal("6a43cc887e229e3568f9c9d5", detail.GetProperty("eventId").GetString());
        Assert.Equal("invoice.payment_succeeded", detail.GetProperty("type").GetString());
        Assert.Equal(Encoding.UTF8.GetString(body), detail.GetProperty("payload").GetRawText());
        // Issue 11: the signature is kept as a digest, which cannot be replayed.
        Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Signatures.Pocketsflow(PocketsflowEvents.Secret, body)))),
            detail.GetProperty("headers").GetProperty("X-Pocketsflow-Signature").GetString());
    }

    [Fact]
    public async Task Post_SameEventIdAgain_Is200DuplicateWithTheFirstIdAndStoredOnce()
    {
        var body = PocketsflowEvents.Body("webhook_123abc");
        using var first = await SendAsync(PocketsflowEvents.Request(body));
        var firstId = (await JsonAsync(first)).GetProperty("id").GetString();

        using var second = await SendAsync(PocketsflowEvents.Request(body));
        var answer = await JsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", answer.GetProperty("status").GetString());
        Assert.Equal(firstId, answer.GetProperty("id").GetString());
        Assert.Equal(1, await StoredEventCountAsync());
    }

    [Theory]
    [InlineData(null, "missing_signature")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "invalid_signature")]
    [InlineData("not-hex", "invalid_signature")]
    public async Task Post_SignatureMissingOrWrong_Is401AndNothingStored(string? signature, string error)
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w1"));
        request.Headers.Remove("X-Pocketsflow-Signature");
        if (signature is not null)
            request.Headers.Add("X-Pocketsflow-Signature", signature);

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(error, (await JsonAsync(response)).GetProperty("error").GetString());
        Assert.Equal(0, await StoredEventCountAsync());
    }

    [Fact]
    public async Task Post_SignedWithAnotherSecret_Is401()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), secret: "whsec_someone_else"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyNotJson_Is400InvalidJson()
    {
        var body = "webhookId=w1&amount=1500"u8.ToArray();

        using var response = await SendAsync(PocketsflowEvents.Request(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_NoEventTypeInHeaderOrBody_Is400MissingEventType()
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w1"));
        request.Headers.Remove("X-Pocketsflow-Event");

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("missing_event_type", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Post_UnknownSource_Is404()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), source: "shopify"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_source", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Get_KnownSource_Is405WithAllowPost()
    {
        using var response = await Client.GetAsync("/webhooks/pocketsflow", Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("method_not_allowed", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_ContentTypeNotJson_Is415(string? contentType)
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w1"));
        request.Content!.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.pocketsflow+json")]
    public async Task Post_JsonContentTypeVariants_AreAccepted(string contentType)
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));
        request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyStartingWithAByteOrderMark_IsAcceptedAndShownAsJson()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"webhookId\":\"bom-1\",\"amount\":1500}")];

        using var response = await SendAsync(PocketsflowEvents.Request(body));
        var id = (await JsonAsync(response)).GetProperty("id").GetString();
        using var shown = await Client.GetAsync($"/api/events/{id}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1500, (await JsonAsync(shown)).GetProperty("payload").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Post_BodyNestedHundredDeep_IsAcceptedAndShown()
    {
        var body = Encoding.UTF8.GetBytes("{\"webhookId\":\"deep-1\",\"a\":" + new string('[', 100) + new string(']', 100) + "}");

        using var response = await SendAsync(PocketsflowEvents.Request(body));
        var id = (await JsonAsync(response)).GetProperty("id").GetString();
        using var shown = await Client.GetAsync($"/api/events/{id}", Token);

        using var json = JsonDocument.Parse(await shown.Content.ReadAsStringAsync(Token), new JsonDocumentOptions { MaxDepth = 256 });

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("deep-1", json.RootElement.GetProperty("payload").GetProperty("webhookId").GetString());
    }

    [Fact]
    public async Task Post_EventTypeHeaderSentTwice_TakesTheFirst()
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("twice-1"), "order.completed");
        request.Headers.Add("X-Pocketsflow-Event", "order.refunded");

        using var response = await SendAsync(request);
        var id = (await JsonAsync(response)).GetProperty("id").GetString();
        var shown = await JsonAsync(await Client.GetAsync($"/api/events/{id}", Token));

        Assert.Equal("order.completed", shown.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_SourceNameInAnotherCase_IsTheSameSource()
    {
        var body = PocketsflowEvents.Body("case-1");
        using (await SendAsync(PocketsflowEvents.Request(body)))
        {
        }

        using var again = await SendAsync(PocketsflowEvents.Request(body, source: "PocketsFlow"));
        var answer = await JsonAsync(again);

        Assert.Equal("duplicate", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ErrorAnswers_AreJsonWithErrorAndMessage_AndNeverEchoTheSecret()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("w1"), secret: "whsec_wrong"));
        var text = await response.Content.ReadAsStringAsync(Token);
        using var json = JsonDocument.Parse(text);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["error", "message"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(PocketsflowEvents.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_wrong", text, StringComparison.Ordinal);
    }
}
