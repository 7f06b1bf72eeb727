using System.Net;
using System.Text;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// <c>POST</c> and <c>GET /api/sources/{source}/catch-up</c>: the answers decided before any look
/// runs. <c>pocketsflow</c> has no catch-up; <c>shop</c> has, pointed at an address where nothing
/// listens, since these tests never need its API to answer.
/// </summary>
public sealed class CatchUpApiTests : HostedTest
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Sources:shop:Scheme"] = "pocketsflow";
        settings["Hookbox:Sources:shop:Secrets:0"] = PocketsflowEvents.Secret;
        settings["Hookbox:Sources:shop:CatchUp:ApiKey"] = "pk_test_catchup_key_0123456789";
        settings["Hookbox:Sources:shop:CatchUp:BaseUrl"] = "http://127.0.0.1:9";
        return settings;
    }

    private Task<HttpResponseMessage> StartAsync(string source, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sources/{source}/catch-up");
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);

        return SendAsync(request);
    }

    [Fact]
    public async Task Start_UnknownSource_Is404NotFound()
    {
        using var response = await StartAsync("nowhere", """{"since":"2026-01-01T00:00:00Z"}""");
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", error.GetProperty("error").GetString());
        Assert.Contains("'nowhere'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SourceWithoutCatchUp_Is404NamingTheSetting()
    {
        using var response = await StartAsync("pocketsflow");
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("catch_up_not_configured", error.GetProperty("error").GetString());
        Assert.Contains("Hookbox:Sources:pocketsflow:CatchUp", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/sources/nowhere/catch-up", "not_found")]
    [InlineData("/api/sources/pocketsflow/catch-up", "catch_up_not_configured")]
    [InlineData("/api/sources/PocketsFlow/catch-up?limit=5", "catch_up_not_configured")]
    public async Task Runs_SourceWithoutCatchUp_Is404(string path, string code)
    {
        using var response = await Client.GetAsync(path, Token);
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(code, error.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("since=yesterday", "the body is not JSON")]
    [InlineData("[]", "the body is not a JSON object")]
    [InlineData("""{"since":"yesterday"}""", "since must be an ISO 8601 time")]
    [InlineData("""{"since":"2026-13-01T00:00:00Z"}""", "since must be an ISO 8601 time")]
    [InlineData("""{"since":1764547200}""", "since must be an ISO 8601 time")]
    [InlineData("""{"sinse":"2026-01-01T00:00:00Z"}""", "a field 'sinse'")]
    [InlineData("""{"since":"2999-01-01T00:00:00Z"}""", "is in the future")]
    public async Task Start_BadBody_Is400SayingWhy(string body, string message)
    {
        using var response = await StartAsync("shop", body);
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_body", error.GetProperty("error").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BodyOverTheLimit_Is413()
    {
        using var response = await StartAsync("shop", $$"""{"since":"{{new string('x', 5000)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task Start_FromAWebPageOfAnotherSite_Is403(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sources/shop/catch-up");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=all")]
    public async Task Runs_BadLimit_Is400(string query)
    {
        using var response = await Client.GetAsync($"/api/sources/shop/catch-up{query}", Token);
        var error = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", error.GetProperty("error").GetString());
        Assert.Equal("limit must be a whole number from 1 to 100", error.GetProperty("message").GetString());
    }
}
