using System.Buffers.Text;
using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// The secure default (issue 11): with no Hookbox:Admin:Token, the first start generates one into
/// the data directory, and the API and /metrics want it from every client, loopback included.
/// </summary>
public sealed class AdminDefaultTests : HostedTest
{
    protected override Task<HookboxTestHost> StartHostAsync() => StartLoggedAsync();

    private Task<HookboxTestHost> StartLoggedAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, logging: logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Start_WithoutAToken_WritesAnOwnerOnlyTokenFileThatTheNextStartReuses()
    {
        var path = Directory.Combine("admin.token");
        var firstLogs = Host.Services.GetFakeLogCollector().GetSnapshot();
        var first = Host.AdminToken;

        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first, File.ReadAllText(path).Trim());
        Assert.Equal(32, Base64Url.DecodeFromChars(first).Length);
        Assert.Contains(firstLogs, r => r.Id.Name == "TokenGenerated" && r.Message.Contains(Path.GetFullPath(path), StringComparison.Ordinal));
        Assert.DoesNotContain(firstLogs, r => r.Message.Contains(first, StringComparison.Ordinal));

        await Host.DisposeAsync();
        await using var restarted = await StartLoggedAsync();
        using var response = await restarted.Client.GetAsync("/api/events", Token);

        Assert.Equal(first, restarted.AdminToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(restarted.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Name == "TokenFromFile");
        Assert.DoesNotContain(restarted.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.Contains(first, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/stats")]
    [InlineData("/metrics")]
    public async Task AdminPath_FromLoopback_Is401WithoutTheTokenAnd200WithIt(string path)
    {
        using var anonymous = Host.CreateAnonymousClient();

        using var refused = await anonymous.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}{path}", Token);
        using var answered = await Client.GetAsync($"http://127.0.0.1:{Host.BaseAddress.Port}{path}", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("unauthorized", (await JsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task Api_ThroughATcpForwarderOnLoopback_Is401WithoutTheToken()
    {
        // As `proxy_pass http://127.0.0.1:5000;` in nginx, stunnel or ssh -R: a loopback
        // connection with a local Host, on behalf of anyone on the internet.
        await using var forwarder = TcpForwarder.Start(IPAddress.Parse("127.0.0.2"), Host.BaseAddress);
        using var anonymous = new HttpClient { BaseAddress = forwarder.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Host = $"127.0.0.1:{Host.BaseAddress.Port}";
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        withToken.Headers.Authorization = new("Bearer", Host.AdminToken);

        using var refused = await anonymous.SendAsync(request, Token);
        using var answered = await anonymous.SendAsync(withToken, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Theory]
    [InlineData("/api/events", true, HttpStatusCode.OK)]
    [InlineData("/api/events/no-such-event", true, HttpStatusCode.NotFound)]
    [InlineData("/api/no-such-path", true, HttpStatusCode.NotFound)]
    [InlineData("/api/events", false, HttpStatusCode.Unauthorized)]
    [InlineData("/metrics", true, HttpStatusCode.OK)]
    [InlineData("/metrics", false, HttpStatusCode.Unauthorized)]
    public async Task AdminAnswer_IsNeverCachedOrSniffed(string path, bool withToken, HttpStatusCode expected)
    {
        using var anonymous = Host.CreateAnonymousClient();

        using var response = await (withToken ? Client : anonymous).GetAsync(path, Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path} answered Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Ingest_NeedsNoAdminToken()
    {
        using var anonymous = Host.CreateAnonymousClient();
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));

        using var response = await anonymous.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
