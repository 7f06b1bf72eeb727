using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Hookbox.Tests.Alerts;

/// <summary>Where alerts go: a chat webhook (a real HTTP server on 127.0.0.1) and the log.</summary>
public sealed class AlertSinkTests : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _disposables = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
            await disposable.DisposeAsync();
    }

    private Task<(AlertHarness Alerts, DestinationServer Chat)> StartAsync(int chatAnswers) => StartAsync(_ => chatAnswers);

    private async Task<(AlertHarness Alerts, DestinationServer Chat)> StartAsync(Func<int, int> chatAnswers)
    {
        var chat = await DestinationServer.StartAsync(chatAnswers, Token);
        _disposables.Add(chat);
        var alerts = await AlertHarness.StartAsync(o => o.WebhookUrl = chat.Url.ToString());
        _disposables.Add(alerts);
        return (alerts, chat);
    }

    [Fact]
    public async Task Webhook_AlertFires_GetsASlackShapedBodyNamingTheRouteAndTheRate()
    {
        var (alerts, chat) = await StartAsync(200);
        alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 12);
        alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 3);

        await alerts.EvaluateAsync();

        var request = Assert.Single(chat.Received);
        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("text");
        Assert.Equal(JsonValueKind.String, text.ValueKind);
        Assert.Equal(["text"], body.RootElement.EnumerateObject().Select(p => p.Name)); // nothing Teams or Slack would refuse
        Assert.Contains("billing", text.GetString(), StringComparison.Ordinal);
        Assert.Contains("20%", text.GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.GetString()!);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_AlertFires_IsAnErrorWithRuleSubjectRateCountsAndWindow()
    {
        var (alerts, _) = await StartAsync(200);
        alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 12);
        alerts.Attempts("billing", DeliveryOutcomeKind.Retrying, 3);

        await alerts.EvaluateAsync();

        var record = Assert.Single(alerts.AlertLines());
        var context = record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Equal(
            "Alert route-failures:billing fired: Route billing: 20% of delivery attempts failed in the last 5 min (3 of 15), over the 10% threshold",
            record.Message);
        Assert.Equal(AlertKinds.RouteFailures, context["Rule"]);
        Assert.Equal("billing", context["Subject"]);
        Assert.Equal(0.2, (double)context["Rate"]!, 6);
        Assert.Equal(3L, context["Count"]);
        Assert.Equal(15L, context["Total"]);
        Assert.Equal(TimeSpan.FromMinutes(5), context["Window"]);
    }

    [Fact]
    public async Task Webhook_Failing_IsLoggedAndNeitherTheLogSinkNorLaterEvaluationsStop()
    {
        var (alerts, chat) = await StartAsync(500);
        alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);
        await alerts.EvaluateAsync();

        alerts.Attempts("billing", DeliveryOutcomeKind.Succeeded, 200);
        await alerts.EvaluateAsync();

        var failures = alerts.Logs.GetSnapshot().Where(r => r.Id.Name == "SinkFailed").ToList();
        Assert.Equal(3, chat.Received.Count); // fired; then fired again and resolved
        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Equal(LogLevel.Warning, f.Level));
        Assert.Contains("answered 500", failures[0].Exception?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.Url.AbsolutePath, string.Join("\n", alerts.Logs.GetSnapshot().Select(r => r.Message + r.Exception)), StringComparison.Ordinal);
        Assert.Equal(["Fired", "Resolved"], alerts.AlertLines().Select(r => r.Id.Name));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task Webhook_Redirects_IsNotFollowed(int status)
    {
        // A redirect target that records whatever reaches it, GET (where a followed 302 goes) or POST (307).
        var elsewhere = WebApplication.CreateSlimBuilder();
        elsewhere.WebHost.UseUrls("http://127.0.0.1:0");
        elsewhere.Logging.ClearProviders();
        await using var target = elsewhere.Build();
        var hits = 0;
        target.Map("/{**path}", () =>
        {
            Interlocked.Increment(ref hits);
            return "taken";
        });
        await target.StartAsync(Token);
        var targetUrl = target.Urls.First() + "/stolen";
        var chat = await DestinationServer.StartAsync((_, request) =>
        {
            request.HttpContext.Response.Headers.Location = targetUrl;
            return Task.FromResult(status);
        }, Token);
        _disposables.Add(chat);
        var redirected = await AlertHarness.StartAsync(o => o.WebhookUrl = chat.Url.ToString());
        _disposables.Add(redirected);
        redirected.Attempts("billing", DeliveryOutcomeKind.Dead, 10);

        await redirected.EvaluateAsync();

        Assert.Single(chat.Received);
        Assert.Equal(0, hits);
        var failure = Assert.Single(redirected.Logs.GetSnapshot(), r => r.Id.Name == "SinkFailed");
        Assert.Contains($"answered {status}", failure.Exception?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_DownWhenAnAlertFired_GetsItAtTheNextEvaluation()
    {
        var (alerts, chat) = await StartAsync(n => n == 1 ? 503 : 200);
        alerts.Attempts("billing", DeliveryOutcomeKind.Dead, 10);
        await alerts.EvaluateAsync();

        await alerts.EvaluateAsync();
        await alerts.EvaluateAsync();

        Assert.Equal(2, chat.Received.Count); // refused once, then taken; not sent a third time
        Assert.Equal(chat.Received[0].Body, chat.Received[1].Body);
        Assert.Contains("billing", chat.Received[1].Body, StringComparison.Ordinal);
    }
}
