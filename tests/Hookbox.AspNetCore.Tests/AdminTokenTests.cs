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
    [InlineData("/api/events", null)]
    [InlineData("/api/events", "Bearer wrong-token-0123456789")]
    [InlineData("/api/events", "Basic YWRtaW46YWRtaW4=")]
    [InlineData("/api/stats", null)]
    [InlineData("/api/sources/pocketsflow/catch-up", null)]
    [InlineData("/metrics", null)]
    [InlineData("/metrics", "Bearer wrong-token-0123456789")]
    public async Task AdminPath_WithoutTheToken_Is401(string path, string? authorization)
    {
        using var anonymous = Host.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task CatchUpStart_WithoutTheToken_Is401()
    {
        using var anonymous = Host.CreateAnonymousClient();
        using var response = await anonymous.PostAsync("/api/sources/pocketsflow/catch-up", content: null, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/stats")]
    public async Task Api_WithTheBearerToken_Answers(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token16);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithTheBearerToken_ServePrometheusText()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token16);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        // Hookbox's own series appear only once something has been counted or sampled (MetricsTests
        // waits for them); a fresh host's first scrape may hold only the exporter's target_info.
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithAConfiguredToken_GeneratesNone()
    {
        Assert.Equal(Token16, Host.AdminToken);
        Assert.False(File.Exists(Directory.Combine("admin.token")));
    }

    [Fact]
    public async Task Ingest_DoesNotNeedTheAdminToken()
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
