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
