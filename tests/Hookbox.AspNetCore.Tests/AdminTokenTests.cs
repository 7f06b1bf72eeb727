using System.Net;
using System.Net.Http.Headers;

namespace Hookbox.AspNetCore.Tests;

public sealed class AdminTokenTests : HostedTest
{
    private const string Token16 = "admin-token-0123456789";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:Token"] = Token16;
        return settings;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Api_WithoutTheToken_Is401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Api_WithTheBearerToken_Answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token16);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789")]
    public async Task Metrics_WithoutTheToken_Is401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metrics_WithTheBearerToken_ServePrometheusText()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token16);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE hookbox_", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_DoesNotNeedTheAdminToken()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
