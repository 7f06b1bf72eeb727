using System.Net;
using System.Net.Http.Headers;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Without a token the stats answer loopback only, like the rest of the API; with one, the bearer.</summary>
public sealed class StatsApiTokenTests : HostedTest
{
    private const string AdminToken = "stats-admin-token-0123456789";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:Token"] = AdminToken;
        return settings;
    }

    [Fact]
    public async Task Stats_WithoutTheToken_Is401AndWithIt_Answers()
    {
        using var without = await Client.GetAsync("/api/stats", Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var with = await Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }
}
