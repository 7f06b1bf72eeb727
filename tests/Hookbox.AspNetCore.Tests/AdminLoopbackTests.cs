using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Without a token, the API answers loopback clients only.</summary>
public sealed class AdminLoopbackTests : HostedTest
{
    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, urls: "http://0.0.0.0:0");

    [Fact]
    public async Task Api_FromLoopback_Answers()
    {
        using var response = await Client.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}/api/events", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    public async Task Api_ThroughAProxyOnThisHost_Is403(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/api/events");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task Api_FromLoopbackByALoopbackName_Answers(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/api/events");
        request.Headers.Host = $"{host}:{Host.BaseAddress.Port}";

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/events")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/api/events/replay?status=dead")]
    public async Task Api_FromLoopbackAskedForAnotherName_Is403(string method, string path)
    {
        // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 asks for its
        // own name, and a write from it carries its own (same-origin) Origin.
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{Host.BaseAddress.Port}{path}");
        request.Headers.Host = $"evil.example:{Host.BaseAddress.Port}";
        request.Headers.TryAddWithoutValidation("Origin", $"http://evil.example:{Host.BaseAddress.Port}");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_FromLoopback_Answers()
    {
        using var response = await Client.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}/metrics", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_ThroughAProxyOnThisHost_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Host.BaseAddress.Port}/metrics");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");

        using var response = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Api_FromAnotherInterface_Is403ButIngestAnswers()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 interface to call from.");

        using var client = new HttpClient { BaseAddress = new Uri($"http://{address}:{Host.BaseAddress.Port}") };
        using var api = await client.GetAsync("/api/events", Token);
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));
        using var ingest = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("forbidden", (await JsonAsync(api)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
    }
}
