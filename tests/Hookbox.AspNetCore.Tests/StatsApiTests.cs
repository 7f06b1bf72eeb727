using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary><c>GET /api/stats</c>: the dashboard's overview in one answer.</summary>
public sealed class StatsApiTests : HostedTest
{
    private async Task<HttpStatusCode> PostAsync(string webhookId, string? signature = null)
    {
        using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), signature: signature));
        return response.StatusCode;
    }

    private async Task<JsonElement> StatsAsync(HttpClient? client = null)
    {
        using var response = await (client ?? Client).GetAsync("/api/stats", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    [Fact]
    public async Task Stats_AfterTraffic_CountsPerSourceDuplicatesSinceStartAndEventsPerMinute()
    {
        await PostAsync("s-1");
        await PostAsync("s-2");
        await PostAsync("s-1");
        await PostAsync("s-1");
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("s-3", signature: new string('0', 64)));

        // The rejection log is written behind the answers: wait until the refusal is in it.
        JsonElement stats = default;
        await Poll.UntilAsync(
            async () => (stats = await StatsAsync()).GetProperty("sources").EnumerateArray().Sum(s => s.GetProperty("lastHour").GetProperty("rejected").GetInt64()) == 1,
            "the refusal in the rejection log", Token);
        var source = Assert.Single(stats.GetProperty("sources").EnumerateArray());

        Assert.Equal("pocketsflow", source.GetProperty("source").GetString());
        Assert.Equal((2, 1, 0), Counts(source.GetProperty("lastHour")));
        Assert.Equal((2, 1, 0), Counts(source.GetProperty("lastDay")));
        Assert.Equal(2, source.GetProperty("duplicatesSinceStart").GetInt64());
        Assert.Equal(60, stats.GetProperty("eventsPerMinute").GetArrayLength());
        Assert.Equal(2, stats.GetProperty("eventsPerMinute").EnumerateArray().Sum(m => m.GetProperty("events").GetInt64()));
        Assert.True(stats.GetProperty("now").TryGetDateTimeOffset(out var now));
        Assert.True(stats.GetProperty("duplicatesSince").GetDateTimeOffset() <= now);
        Assert.Equal(0, stats.GetProperty("dispatch").GetProperty("deadEvents").GetInt64());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("dispatch").GetProperty("oldestPending").ValueKind);
    }

    [Fact]
    public async Task Stats_WithAlertsOff_SaysAlertsAreNotConfigured()
    {
        using var directory = new OwnDirectory();
        var settings = HookboxTestHost.DefaultSettings(directory.Path);
        settings["Hookbox:Alerts:Enabled"] = "false";
        await using var host = await HookboxTestHost.StartAsync(settings, Token);

        var stats = await StatsAsync(host.Client);

        Assert.Equal(JsonValueKind.Null, stats.GetProperty("alerts").ValueKind);
        Assert.Empty(stats.GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task Stats_WithAnAlertBoard_ListsItsOpenAlerts()
    {
        var since = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var board = new FixedAlertBoard([new Alert("route-failures:orders", "route-failures", "orders", "12 of 40 attempts failed in 5 min", since)]);
        using var directory = new OwnDirectory();
        await using var host = await HookboxTestHost.StartAsync(HookboxTestHost.DefaultSettings(directory.Path), Token, services => services.AddSingleton<IAlertBoard>(board));

        var alert = Assert.Single((await StatsAsync(host.Client)).GetProperty("alerts").EnumerateArray());

        Assert.Equal(
            ("route-failures:orders", "route-failures", "orders", "12 of 40 attempts failed in 5 min", since),
            (alert.GetProperty("key").GetString(), alert.GetProperty("kind").GetString(), alert.GetProperty("subject").GetString(),
                alert.GetProperty("message").GetString(), alert.GetProperty("since").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Stats_DuplicatesOfAnotherHostInTheProcess_AreNotCounted()
    {
        using var directory = new OwnDirectory();
        await using var otherHost = await HookboxTestHost.StartAsync(HookboxTestHost.DefaultSettings(directory.Path), Token);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var response = await otherHost.Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("elsewhere")), Token);
        }

        var mine = await StatsAsync();
        var theirs = Assert.Single((await StatsAsync(otherHost.Client)).GetProperty("sources").EnumerateArray());

        Assert.Empty(mine.GetProperty("sources").EnumerateArray());
        Assert.Equal(1, theirs.GetProperty("duplicatesSinceStart").GetInt64());
    }

    private static (long Accepted, long Rejected, long Failing) Counts(JsonElement window) =>
        (window.GetProperty("accepted").GetInt64(), window.GetProperty("rejected").GetInt64(), window.GetProperty("failing").GetInt64());

    /// <summary>A second host's data directory, removed after the host (disposed first, being declared later) is gone.</summary>
    private sealed class OwnDirectory : IDisposable
    {
        private readonly TempDirectory _directory = new();

        public string Path => _directory.Path;

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _directory.Dispose();
        }
    }

    /// <summary>An alert board that holds what the test gives it: the alert rules are not this test's concern.</summary>
    private sealed class FixedAlertBoard(IReadOnlyList<Alert> open) : IAlertBoard
    {
        public IReadOnlyList<Alert> Open => open;
    }
}
