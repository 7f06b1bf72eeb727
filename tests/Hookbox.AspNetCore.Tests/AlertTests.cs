using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Alerts in a real host: failed deliveries to a real destination and refused requests to the
/// real ingest endpoint reach the alerts through HookboxSignals, and out to a real chat webhook. The
/// rules themselves are covered on a fake clock in Hookbox.Tests.
/// </summary>
public sealed class AlertTests : ServersTest
{

    [Fact]
    public async Task FailingDestinationAndBadSignatures_AreOnTheBoardAndSentToTheChatWebhook()
    {
        var destination = await DestinationServer.StartAsync(_ => 500, Token);
        Track(destination);
        var chat = await DestinationServer.StartAsync(_ => 200, Token);
        Track(chat);
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "*";
        settings["Hookbox:Routes:orders:Url"] = destination.Url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = Signatures.NewStandardWebhooksSecret();
        settings["Hookbox:Dispatch:MaxAttempts"] = "1";
        settings["Hookbox:Alerts:MinEvents"] = "2";
        settings["Hookbox:Alerts:EvaluateEvery"] = "00:00:01";
        settings["Hookbox:Alerts:WebhookUrl"] = chat.Url.ToString();
        var host = await HookboxTestHost.StartAsync(settings, Token);
        Track(host);

        for (var i = 0; i < 2; i++)
        {
            using (await host.Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"alert-{i}")), Token))
            {
            }

            using (await host.Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"forged-{i}"), secret: "whsec_wrong"), Token))
            {
            }
        }

        var board = host.Services.GetRequiredService<IAlertBoard>();
        await Poll.UntilAsync(() => board.Open.Count == 2 && chat.Received.Count == 2, "both alerts to open and be sent", Token);
        var texts = chat.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()).ToList();

        Assert.Equal(["rejections:pocketsflow", "route-failures:orders"], board.Open.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.Contains(texts, t => t!.Contains("Route orders: 100% of delivery attempts failed", StringComparison.Ordinal));
        Assert.Contains(texts, t => t!.Contains("Source pocketsflow: 50% of requests were refused", StringComparison.Ordinal) && t.Contains("invalid_signature 2", StringComparison.Ordinal));
    }
}
