using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Hookbox:ForwardedHeaders (issue 11): X-Forwarded-For is believed from the configured proxies
/// only, so the client address the admin throttle and the logs see is the real client's; with
/// no proxy configured the header is ignored, since anyone can send it.
/// </summary>
public sealed class ForwardedHeadersTests : ServersTest
{
    private const int MaxFailedAttempts = 2;

    [Fact]
    public async Task Throttle_BehindAKnownProxy_CountsPerForwardedClient()
    {
        await using var host = await StartAsync(knownProxy: "127.0.0.1");
        using var proxy = host.CreateAnonymousClient();

        await FailAsync(proxy, forwardedFor: "203.0.113.7");
        using var guesser = await GetAsync(proxy, host.AdminToken, forwardedFor: "203.0.113.7");
        using var other = await GetAsync(proxy, host.AdminToken, forwardedFor: "198.51.100.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, guesser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "Throttled" && r.Message.Contains("203.0.113.7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusal_BehindAKnownProxy_IsLoggedWithTheForwardedClient()
    {
        await using var host = await StartAsync(knownProxy: "127.0.0.1");
        using var proxy = host.CreateAnonymousClient();
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body("w-forwarded"), secret: "whsec_wrong");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");

        using var response = await proxy.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var line = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "Rejected");
        Assert.Contains("from 203.0.113.7 to source pocketsflow", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttle_WithoutAKnownProxy_IgnoresXForwardedFor()
    {
        await using var host = await StartAsync(knownProxy: null);
        using var client = host.CreateAnonymousClient();

        await FailAsync(client, forwardedFor: "203.0.113.7");
        using var spoofed = await GetAsync(client, host.AdminToken, forwardedFor: "198.51.100.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "Throttled" && r.Message.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttle_ForwardedHeadersFromAProxyNotKnown_AreIgnored()
    {
        // Configured for a proxy elsewhere; this loopback client is not it.
        await using var host = await StartAsync(knownProxy: "192.0.2.10");
        using var client = host.CreateAnonymousClient();

        await FailAsync(client, forwardedFor: "203.0.113.7");
        using var spoofed = await GetAsync(client, host.AdminToken, forwardedFor: "198.51.100.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    private async Task<HookboxTestHost> StartAsync(string? knownProxy)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Admin:MaxFailedAttempts"] = MaxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (knownProxy is not null)
            settings["Hookbox:ForwardedHeaders:KnownProxies:0"] = knownProxy;

        return await HookboxTestHost.StartAsync(settings, Token, logging: logging => logging.AddFakeLogging());
    }

    private static async Task FailAsync(HttpClient client, string forwardedFor)
    {
        for (var attempt = 1; attempt <= MaxFailedAttempts; attempt++)
        {
            using var wrong = await GetAsync(client, $"wrong-token-{attempt}-0123456789", forwardedFor);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string token, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request, Token);
    }
}
