using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary><c>hookbox catch-up</c> against a running <c>hookbox serve</c>: its pocketsflow sources have no catch-up, <see cref="CliServer.CatchUpSource"/> has.</summary>
[Collection(CliServerGroup.Name)]
public sealed class CatchUpCommandTests(CliServer server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("catch-up list")]
    [InlineData("catch-up list --list")]
    [InlineData("catch-up list --since 6h")]
    public async Task CatchUp_SourceWithoutCatchUp_NamesTheSettingAndFails(string commandLine)
    {
        var (exitCode, output) = await server.RunAsync(commandLine.Split(' '), Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("404 the source 'list' has no catch-up; set Hookbox:Sources:list:CatchUp", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchUp_UnknownSource_SaysSoAndFails()
    {
        var (exitCode, output) = await server.RunAsync(["catch-up", "nowhere"], Token);

        Assert.Equal(1, exitCode);
        Assert.Contains("404 no source is named 'nowhere'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since yesterday", "--since takes a time such as 2026-12-01T09:00:00Z")]
    [InlineData("--since 12/01/2026", "--since takes a time such as 2026-12-01T09:00:00Z")]
    [InlineData("--since 6w", "--since takes a time such as 2026-12-01T09:00:00Z")]
    [InlineData("--since 2999-01-01", "--since 2999-01-01 is in the future")]
    [InlineData("--list --since 3d", "--since starts a look; --list only shows the looks")]
    [InlineData("--limit 5", "--limit goes with --list")]
    [InlineData("--list --limit 101", "--limit must be from 1 to 100")]
    public async Task CatchUp_BadOptions_AreAUsageError(string options, string message)
    {
        var (exitCode, output) = await server.RunAsync(["catch-up", CliServer.CatchUpSource, .. options.Split(' ')], Token);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchUp_WithoutASource_IsAUsageError()
    {
        var (exitCode, _) = await server.RunAsync(["catch-up"], Token);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task CatchUp_MissedEvent_IsRecovered_AndTheLookIsPrinted()
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        var received = SenderApiServer.StripeEvent("evt_cli_received", "invoice.paid", "in_cli_received", created);
        server.Sender.Add(received);
        server.Sender.Add(SenderApiServer.StripeEvent("evt_cli_missed", "invoice.paid", "in_cli_missed", created.AddSeconds(30)));
        await server.SendStripeAsync(received, Token);

        var (exitCode, output) = await server.RunAsync(["catch-up", CliServer.CatchUpSource, "--since", "1h"], Token);
        var (_, recovered) = await server.RunAsync(["events", "list", "--source", CliServer.CatchUpSource, "--origin", "catch-up"], Token);

        Assert.Equal(0, exitCode);
        Assert.Matches(@"Result\W+completed in", output);
        Assert.Matches(@"Window\W+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ → \d{4}-", output);
        Assert.Matches(@"Seen\W+2\W", output);
        Assert.Matches(@"Present\W+1\W", output);
        Assert.Matches(@"Recovered\W+1\W", output);
        Assert.Matches(@"Malformed\W+0\W", output);
        Assert.Contains("evt_cli_missed", recovered, StringComparison.Ordinal);
        Assert.Matches(@"evt_cli_missed.*\Wcatch-up\W", recovered);
        Assert.DoesNotContain("evt_cli_received", recovered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatchUp_Json_PrintsTheRun_AndListJsonIsTheApiAnswer()
    {
        var (exitCode, output) = await server.RunAsync(["catch-up", CliServer.CatchUpSource, "--json"], Token);
        var (listed, list) = await server.RunAsync(["catch-up", CliServer.CatchUpSource, "--list", "--limit", "1", "--json"], Token);

        Assert.Equal(0, exitCode);
        using var run = JsonDocument.Parse(output);
        Assert.Equal(
            ["source", "startedAt", "finishedAt", "windowStart", "windowEnd", "seen", "present", "recovered", "malformed", "error", "trigger"],
            run.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("request", run.RootElement.GetProperty("trigger").GetString());
        Assert.Equal(0, listed);
        using var runs = JsonDocument.Parse(list);
        Assert.Equal(run.RootElement.GetProperty("startedAt").GetString(), Assert.Single(runs.RootElement.GetProperty("runs").EnumerateArray()).GetProperty("startedAt").GetString());
    }

    [Fact]
    public async Task CatchUp_SenderRefusesTheKey_PrintsTheFailedLookAndExits1()
    {
        server.Sender.Status = 401;
        try
        {
            var (exitCode, output) = await server.RunAsync(["catch-up", CliServer.CatchUpSource], Token);
            var (listed, list) = await server.RunAsync(["catch-up", CliServer.CatchUpSource, "--list"], Token);

            Assert.Equal(1, exitCode);
            Assert.Matches(@"Result\W+failed after", output);
            Assert.DoesNotContain("rk_test_cli_0123456789", output, StringComparison.Ordinal); // the key is never shown
            Assert.Equal(0, listed);
            Assert.Matches(@"request\W.*failed after", list);
        }
        finally
        {
            server.Sender.Status = 200;
        }
    }

    [Fact]
    public async Task CatchUp_WhileALookRuns_PrintsTheApiMessageAndExits1()
    {
        await server.WaitForNoLookAsync(CliServer.CatchUpSource, Token);
        server.Sender.Hold();
        try
        {
            var requests = server.Sender.Requests.Count;
            var first = server.RunAsync(["catch-up", CliServer.CatchUpSource], Token);
            await Poll.UntilAsync(() => server.Sender.Requests.Count > requests, "the first look to ask the sender", Token);

            var (exitCode, output) = await server.RunAsync(["catch-up", CliServer.CatchUpSource], Token);
            server.Sender.Release();

            Assert.Equal(1, exitCode);
            Assert.Contains($"409 a look at {CliServer.CatchUpSource}'s API is running", output, StringComparison.Ordinal);
            Assert.Contains($"hookbox catch-up {CliServer.CatchUpSource} --list shows it.", output, StringComparison.Ordinal);
            var firstRun = await first;
            Assert.True(firstRun.ExitCode == 0, firstRun.Output);
        }
        finally
        {
            server.Sender.Release();
        }
    }
}
