using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Hookbox:Admin:AllowLocalWithoutToken, the development opt-in (issue 11): loopback clients, not
/// through a proxy and asking for a loopback name, use the API without the token; every other
/// client still needs it. Every request here presents no token.
/// </summary>
public sealed class AdminLoopbackTests : HostedTest
{
    private HttpClient _anonymous = null!; // set in StartHostAsync, before any test

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:AllowLocalWithoutToken"] = "true";
        return settings;
    }

    protected override async Task<HookboxTestHost> StartHostAsync()
    {
        var host = await HookboxTestHost.StartAsync(Settings(), Token, urls: "http://0.0.0.0:0", logging: logging => logging.AddFakeLogging());
        _anonymous = host.CreateAnonymousClient();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        _anonymous.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public void Start_AllowLocalWithoutToken_LogsAWarning()
    {
        var warning = Assert.Single(Host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "LocalWithoutToken");

        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Hookbox:Admin:AllowLocalWithoutToken", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_FromLoopbackWithoutTheToken_Answers()
    {
        using var response = await _anonymous.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}/api/events", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task Api_ThroughAProxyOnThisHost_Is401(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/api/events");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await _anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task Api_FromLoopbackByALoopbackName_Answers(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/api/events");
        request.Headers.Host = $"{host}:{Host.BaseAddress.Port}";

        using var response = await _anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/events")]
    [InlineData("GET", "/metrics")]
    [InlineData("POST", "/api/events/replay?status=dead")]
    public async Task Api_FromLoopbackAskedForAnotherName_Is401(string method, string path)
    {
        // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 asks for its
        // own name, and a write from it carries its own (same-origin) Origin.
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{Host.BaseAddress.Port}{path}");
        request.Headers.Host = $"evil.example:{Host.BaseAddress.Port}";
        request.Headers.TryAddWithoutValidation("Origin", $"http://evil.example:{Host.BaseAddress.Port}");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        using var response = await _anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_FromLoopbackWithoutTheToken_Answers()
    {
        using var response = await _anonymous.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}/metrics", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_ThroughAProxyOnThisHost_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/metrics");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");

        using var response = await _anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_FromAnotherInterface_NeedsTheTokenButIngestAnswers()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 interface to call from.");

        using var client = new HttpClient { BaseAddress = new Uri($"http://{address}:{Host.BaseAddress.Port}") };
        using var api = await client.GetAsync("/api/events", Token);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        withToken.Headers.Authorization = new("Bearer", Host.AdminToken);
        using var answered = await client.SendAsync(withToken, Token);
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));
        using var ingest = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(api)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
    }
}
