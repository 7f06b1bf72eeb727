using System.Net;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (events can be recorded now), open
/// to load balancers even where the API needs a token. The store-down side of readiness is in
/// the PostgreSQL outage test.
/// </summary>
public sealed class HealthTests : HostedTest
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Admin:Token"] = "admin-token-for-health-tests";
        return settings;
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Get_WithTheStoreUp_IsHealthyWithoutAToken(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task MapHookbox_WithoutMapHookboxDashboard_LeavesTheApplicationsRootAlone()
    {
        using var directory = new TempDirectory();
        await using var host = await HookboxTestHost.StartAsync(HookboxTestHost.DefaultSettings(directory.Path), Token, dashboard: false);

        using var root = await host.Client.GetAsync(new Uri("/", UriKind.Relative), Token);
        using var healthz = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }
}
