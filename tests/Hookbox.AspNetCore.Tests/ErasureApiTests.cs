using System.Net;
using System.Text;
using System.Text.Json;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Erasure over the real host (issue 11): DELETE /api/events/{id} and POST /api/erase.</summary>
public sealed class ErasureApiTests : HostedTest
{
    /// <summary>A Pocketsflow order.completed about <paramref name="orderId"/>, bought by <paramref name="email"/>.</summary>
    private async Task<string> AcceptOrderAsync(string webhookId, string orderId, string email)
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"event":"order.completed","order":{"id":"{{orderId}}","status":"completed","amount":29.99,"currency":"usd"},"customer":{"email":"{{email}}"},"webhookId":"{{webhookId}}"}""");
        using var response = await SendAsync(PocketsflowEvents.Request(body, "order.completed"));
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ShowAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/events/{id}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> EraseAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/erase", content, Token);
        return (response.StatusCode, await JsonAsync(response));
    }

    [Fact]
    public async Task Delete_KnownEvent_ErasesPayloadAndHeadersKeepsTheRecordAndAResendIsADuplicate()
    {
        var id = await AcceptOrderAsync("w-erase", "ord_1", "ann@example.com");

        using var erase = await Client.DeleteAsync($"/api/events/{id}", Token);
        var answer = await JsonAsync(erase);
        var shown = await ShowAsync(id);
        using var again = await Client.DeleteAsync($"/api/events/{id}", Token);
        var againAnswer = await JsonAsync(again);
        using var resend = await SendAsync(PocketsflowEvents.Request(
            Encoding.UTF8.GetBytes("""{"event":"order.completed","order":{"id":"ord_1"},"customer":{"email":"ann@example.com"},"webhookId":"w-erase"}"""), "order.completed"));
        var resent = await JsonAsync(resend);
        using var replay = await Client.PostAsync($"/api/events/{id}/replay", null, Token);
        var replayError = await JsonAsync(replay);

        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        Assert.Equal(id, answer.GetProperty("id").GetString());
        var erasedAt = answer.GetProperty("erasedAt").GetDateTimeOffset();
        Assert.Equal(erasedAt, shown.GetProperty("erasedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("payload").ValueKind);
        Assert.Empty(shown.GetProperty("headers").EnumerateObject());
        Assert.Equal(("w-erase", "ord_1"), (shown.GetProperty("eventId").GetString(), shown.GetProperty("subject").GetString()));
        Assert.DoesNotContain("ann@example.com", shown.GetRawText(), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(erasedAt, againAnswer.GetProperty("erasedAt").GetDateTimeOffset());
        Assert.Equal(("duplicate", id), (resent.GetProperty("status").GetString(), resent.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(ErrorCodes.Erased, replayError.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Delete_UnknownId_Is404InTheContractShape()
    {
        using var response = await Client.DeleteAsync("/api/events/evt_nope", Token);
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task EraseSubject_ErasesEveryEventAboutItAndAnswersHowMany()
    {
        var first = await AcceptOrderAsync("w-s1", "ord_7", "a@example.com");
        var refund = await AcceptOrderAsync("w-s2", "ord_7", "a@example.com");
        var other = await AcceptOrderAsync("w-s3", "ord_70", "a@example.com");

        var (status, body) = await EraseAsync("""{"subject":"ord_7"}""");
        var (_, again) = await EraseAsync("""{"subject":"ord_7"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("erased").GetInt32());
        Assert.Equal(0, again.GetProperty("erased").GetInt32());
        Assert.Equal(JsonValueKind.String, (await ShowAsync(first)).GetProperty("erasedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, (await ShowAsync(refund)).GetProperty("erasedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ShowAsync(other)).GetProperty("erasedAt").ValueKind);
    }

    [Fact]
    public async Task EraseEmail_ErasesTheEventsNamingThatAddressInAnyCaseAndNoLongerOne()
    {
        var ann = await AcceptOrderAsync("w-e1", "ord_1", "Ann@Example.com");
        var joann = await AcceptOrderAsync("w-e2", "ord_2", "joann@example.com");

        var (status, body) = await EraseAsync("""{"email":"ann@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("erased").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await ShowAsync(ann)).GetProperty("payload").ValueKind);
        Assert.Equal("joann@example.com", (await ShowAsync(joann)).GetProperty("payload").GetProperty("customer").GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("", "names nothing to erase")]
    [InlineData("{}", "names nothing to erase")]
    [InlineData("""{"subject":"ord_1","email":"a@example.com"}""", "names both a subject and an email")]
    [InlineData("""{"emial":"a@example.com"}""", "has a field 'emial' this endpoint does not take")]
    [InlineData("""{"subject":""}""", "subject must be a non-empty string")]
    [InlineData("""{"email":42}""", "email must be a non-empty string")]
    [InlineData("""{"email":"nobody"}""", "email must be one whole address")]
    [InlineData("not json", "the body is not JSON")]
    public async Task Erase_BadBody_Is400SayingWhatIsWrongAndErasesNothing(string json, string expected)
    {
        var id = await AcceptOrderAsync("w-kept", "ord_1", "a@example.com");

        var (status, body) = await EraseAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ErrorCodes.InvalidBody, body.GetProperty("error").GetString());
        Assert.Contains(expected, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await ShowAsync(id)).GetProperty("erasedAt").ValueKind);
    }
}
