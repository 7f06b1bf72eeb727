using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Hookbox.Dashboard.Tests;

/// <summary>How the dashboard's files are served: over HTTP, no browser needed.</summary>
public sealed class DashboardPageTests : IAsyncDisposable
{
    private const string AdminToken = "dashboard-page-token-0123456789";
    private readonly TempDirectory _directory = new();
    private HookboxTestHost? _host;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task<HttpClient> StartAsync(string? token = null, Action<WebApplication>? endpoints = null)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        if (token is not null)
            settings["Hookbox:Admin:Token"] = token;

        _host = await HookboxTestHost.StartAsync(settings, Token, endpoints: endpoints);
        return _host.Client;
    }

    [Fact]
    public async Task Page_HasAStrictContentSecurityPolicy()
    {
        var client = await StartAsync();

        using var response = await client.GetAsync("/", Token);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("require-trusted-types-for 'script'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("_hookbox/dashboard.js", await response.Content.ReadAsStringAsync(Token));
    }

    [Theory]
    [InlineData("/_hookbox/dashboard.js", "text/javascript")]
    [InlineData("/_hookbox/dashboard.css", "text/css")]
    [InlineData("/_hookbox/icon.svg", "image/svg+xml")]
    public async Task Files_AreServedWithTheirTypeAndRevalidatedByETag(string path, string mediaType)
    {
        var client = await StartAsync();

        using var first = await client.GetAsync(path, Token);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var revalidated = await client.SendAsync(again, Token);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.NoCache);
        Assert.NotEmpty(await first.Content.ReadAsByteArrayAsync(Token));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(AdminToken)]
    public async Task Page_IsServedToAnyoneButItsDataNeedsTheToken(string? configured)
    {
        await StartAsync(configured);
        using var anonymous = _host!.CreateAnonymousClient(); // set by StartAsync
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        using var stats = new HttpRequestMessage(HttpMethod.Get, "/api/stats");
        stats.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/api/stats");
        authorized.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _host.AdminToken);

        using var pageResponse = await anonymous.SendAsync(page, Token);
        using var statsResponse = await anonymous.SendAsync(stats, Token);
        using var authorizedResponse = await anonymous.SendAsync(authorized, Token);

        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, statsResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorizedResponse.StatusCode);
    }

    [Fact]
    public async Task Page_AnApplicationsOwnRoot_WinsOverTheDashboard()
    {
        var client = await StartAsync(endpoints: app => app.MapGet("/", () => Results.Text("the app's home")));

        using var home = await client.GetAsync("/", Token);
        using var script = await client.GetAsync("/_hookbox/dashboard.js", Token);

        Assert.Equal("the app's home", await home.Content.ReadAsStringAsync(Token));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
