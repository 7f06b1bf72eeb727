using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// A route URL with credentials (<c>http://user:pass@host/…</c>): they reach the destination as
/// Basic authentication, and never a log line, a delivery's last error or an API answer.
/// </summary>
public sealed class DestinationCredentialsTests : ServersTest
{
    private const string Password = "s3cret-pa55";

    private async Task<HookboxTestHost> HookboxAsync(string url)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:MaxAttempts"] = "2";
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.050";
        settings["Hookbox:Dispatch:MaxDelay"] = "00:00:00.100";
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = url;
        settings["Hookbox:Routes:orders:Secret"] = Signatures.NewStandardWebhooksSecret();
        return Track(await HookboxTestHost.StartAsync(settings, Token, logging: l => l.AddFakeLogging().SetMinimumLevel(LogLevel.Debug)));
    }

    private static async Task<JsonElement> WaitForStatusAsync(HookboxTestHost host, string webhookId, string status)
    {
        using var response = await host.Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId)), Token);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString();
        JsonElement shown = default;
        await Poll.UntilAsync(
            async () => (shown = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement).GetProperty("status").GetString() == status,
            $"event {id} to be {status}",
            Token);
        return shown;
    }

    [Fact]
    public async Task Deliver_UrlWithCredentials_SendsThemAsBasicAuthentication()
    {
        var destination = Track(await DestinationServer.StartAsync(_ => 200, Token));
        var host = await HookboxAsync($"http://alice:{Password}@{destination.Url.Authority}{destination.Url.AbsolutePath}");

        await WaitForStatusAsync(host, "credentials-1", "delivered");

        var received = Assert.Single(destination.Received);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Password}")), received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Deliver_UnreachableUrlWithCredentials_ErrorLogAndAnswerShowThemRedacted()
    {
        // Port 1 on loopback refuses the connection: the attempt fails with an error naming the address.
        var host = await HookboxAsync($"http://alice:{Password}@127.0.0.1:1/hooks");

        var shown = await WaitForStatusAsync(host, "credentials-2", "dead");

        var answer = shown.GetRawText();
        var lastError = shown.GetProperty("deliveries")[0].GetProperty("lastError").GetString();
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        var deadLine = Assert.Single(logs, r => r.Id.Name == "Dead").Message;
        Assert.StartsWith("could not reach http://***@127.0.0.1:1", lastError, StringComparison.Ordinal);
        Assert.Contains("http://***@127.0.0.1:1", deadLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, answer, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", answer, StringComparison.Ordinal);
        Assert.All(logs, r => Assert.DoesNotContain(Password, r.Message + r.Exception, StringComparison.Ordinal));
    }
}
