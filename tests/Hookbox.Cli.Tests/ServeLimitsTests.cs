using System.Net;

namespace Hookbox.Cli.Tests;

/// <summary>Issue 11: <c>hookbox serve</c> applies Hookbox:Limits to Kestrel, a real process over real Kestrel.</summary>
public sealed class ServeLimitsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_HeadersOverLimitsMaxRequestHeadersTotalSize_Are431()
    {
        var environment = new Dictionary<string, string?>
        {
            ["POCKETSFLOW_WEBHOOK_SECRET"] = "whsec_x",
            ["Hookbox__Limits__MaxRequestHeadersTotalSize"] = "2048",
        };
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var small = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        using var large = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        large.Headers.Add("X-Padding", new string('p', 3000));

        using var ok = await client.SendAsync(small, Token);
        using var refused = await client.SendAsync(large, Token);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
    }
}
