using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Known traffic in, <c>/metrics</c> read as Prometheus reads it, the right counts out (issue 5).</summary>
[Collection(nameof(RunAlone))]
public sealed class MetricsTests : ServersTest
{

    [Fact]
    public async Task Metrics_AfterKnownTraffic_CountEveryOutcomeUnderItsLabels()
    {
        var fulfilment = await DestinationAsync(_ => Task.FromResult(200));
        var audit = await DestinationAsync(_ => Task.FromResult(500));
        var host = await HookboxAsync(settings =>
        {
            settings["Hookbox:Dispatch:MaxAttempts"] = "1"; // a failed attempt is dead at once
            Route(settings, "fulfilment", "order.*", fulfilment);
            Route(settings, "audit", "order.refunded", audit);
        });

        Assert.Equal("accepted", await SendAsync(host, "metrics-1", "order.completed"));
        Assert.Equal("accepted", await SendAsync(host, "metrics-2", "order.completed"));
        Assert.Equal("accepted", await SendAsync(host, "metrics-3", "order.refunded"));
        Assert.Equal("duplicate", await SendAsync(host, "metrics-1", "order.completed"));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedAsync(host, request => request.Headers.Remove("X-Pocketsflow-Signature")));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedAsync(host, request =>
        {
            request.Headers.Remove("X-Pocketsflow-Signature");
            request.Headers.Add("X-Pocketsflow-Signature", new string('0', 64));
        }));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await RefusedAsync(host, request => request.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await RefusedAsync(host, request => request.Method = HttpMethod.Put));
        using (var notJson = PocketsflowEvents.Request("webhookId=w1&amount=1500"u8.ToArray()))
        using (var refused = await host.Client.SendAsync(notJson, Token))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        // Two of three fulfilments and the audit's one attempt finish in the background; the
        // gauges follow at the sampler's next reading.
        var metrics = await ScrapeUntilAsync(host, m =>
                m.Value("hookbox_dispatch_attempts_total", ("route", "fulfilment"), ("outcome", "succeeded")) == 3
                && m.Value("hookbox_dispatch_attempts_total", ("route", "audit"), ("outcome", "dead")) == 1
                && m.Value("hookbox_dispatch_dead_events") == 1
                && m.Value("hookbox_dispatch_backlog") == 0
                && m.Value("hookbox_dispatch_oldest_pending_age_seconds") == 0,
            "every delivery to be recorded and sampled");

        Assert.Equal("counter", metrics.TypeOf("hookbox_ingest_requests_total"));
        Assert.Equal(3, Requests(metrics, "accepted"));
        Assert.Equal(1, Requests(metrics, "duplicate"));
        Assert.Equal(1, Requests(metrics, "missing_signature"));
        Assert.Equal(1, Requests(metrics, "invalid_signature"));
        Assert.Equal(1, Requests(metrics, "unsupported_media_type"));
        Assert.Equal(1, Requests(metrics, "method_not_allowed"));
        Assert.Equal(1, Requests(metrics, "invalid_json"));
        Assert.Null(Requests(metrics, "store_unavailable"));

        Assert.Equal("histogram", metrics.TypeOf("hookbox_ingest_ack_duration_seconds"));
        Assert.Equal(4, Acks(metrics, "200"));
        Assert.Equal(2, Acks(metrics, "401"));
        Assert.Equal(1, Acks(metrics, "415"));
        Assert.Equal(1, Acks(metrics, "405"));
        Assert.Equal(1, Acks(metrics, "400"));
        Assert.Equal(4, metrics.Value("hookbox_ingest_ack_duration_seconds_bucket", ("source", "pocketsflow"), ("status_code", "200"), ("le", "+Inf")));
        // Second-sized buckets, not the exporter's millisecond defaults: the 5 s Pocketsflow timeout is a bound.
        Assert.NotNull(metrics.Value("hookbox_ingest_ack_duration_seconds_bucket", ("source", "pocketsflow"), ("status_code", "200"), ("le", "5")));

        Assert.Null(metrics.Value("hookbox_dispatch_attempts_total", ("route", "audit"), ("outcome", "succeeded")));
        Assert.Equal(3, metrics.Value("hookbox_dispatch_delivery_latency_seconds_count", ("route", "fulfilment")));
        Assert.Null(metrics.Value("hookbox_dispatch_delivery_latency_seconds_count", ("route", "audit")));
        Assert.Equal(1, metrics.Value("hookbox_dispatch_attempt_duration_seconds_count", ("route", "audit"), ("outcome", "dead")));
        Assert.Equal("gauge", metrics.TypeOf("hookbox_dispatch_dead_events"));
        Assert.True(metrics.Value("hookbox_inbox_commits_total") >= 1);
        Assert.Equal(4, metrics.Value("hookbox_inbox_batch_size_sum")); // the duplicate was in a commit too
    }

    [Fact]
    public async Task Metrics_RequestAbandonedMidBody_CountsAsAbandonedAndNotAsAnAck()
    {
        var host = await HookboxAsync(_ => { });

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port, Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /webhooks/pocketsflow HTTP/1.1\r\nHost: hookbox\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"webhookId\":"), Token);
            await stream.FlushAsync(Token);
        }

        var metrics = await ScrapeUntilAsync(host, m => Requests(m, "abandoned") == 1, "the abandoned request to be counted");
        Assert.DoesNotContain(metrics.Samples, s => s.Name == "hookbox_ingest_ack_duration_seconds_count");
    }

    [Fact]
    public async Task Gauges_WhileADestinationHangs_ReportTheBacklogAndTheOldestPendingAge()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = await DestinationAsync(async request =>
        {
            await release.Task.WaitAsync(request.HttpContext.RequestAborted);
            return 200;
        });
        var host = await HookboxAsync(settings =>
        {
            Route(settings, "slow", "order.*", slow);
            settings["Hookbox:Routes:slow:Concurrency"] = "1";
        });
        try
        {
            for (var i = 0; i < 3; i++)
                Assert.Equal("accepted", await SendAsync(host, $"backlog-{i}", "order.completed"));

            // One attempt runs (and hangs); the two behind it are due and waiting.
            var waiting = await ScrapeUntilAsync(host, m => m.Value("hookbox_dispatch_backlog") == 2 && m.Value("hookbox_dispatch_oldest_pending_age_seconds") > 0,
                "the backlog of two behind the hanging attempt");
            Assert.Equal(0, waiting.Value("hookbox_dispatch_dead_events"));
            Assert.Equal("gauge", waiting.TypeOf("hookbox_dispatch_backlog"));
        }
        finally
        {
            release.TrySetResult();
        }

        await ScrapeUntilAsync(host, m => m.Value("hookbox_dispatch_backlog") == 0 && m.Value("hookbox_dispatch_oldest_pending_age_seconds") == 0,
            "the backlog to drain once the destination answers");
        Assert.Equal(3, slow.Received.Count);
    }

    [Fact]
    public async Task Gauges_WhileTheStoreCannotBeRead_AreLeftOutThenReturn()
    {
        var host = await HookboxAsync(_ => { });
        await ScrapeUntilAsync(host, m => m.Value("hookbox_dispatch_dead_events") == 0, "the first reading");

        // A real failure of the real store: the table the readings need is gone for a while.
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory.Path, "hookbox.db")};Pooling=False");
        connection.Open();
        await ExecuteAsync(connection, "ALTER TABLE deliveries RENAME TO deliveries_away");
        var down = await ScrapeUntilAsync(host, m => m.Value("hookbox_dispatch_dead_events") is null, "the gauges to be left out");
        Assert.Null(down.Value("hookbox_dispatch_backlog"));
        Assert.Null(down.Value("hookbox_dispatch_oldest_pending_age_seconds"));

        await ExecuteAsync(connection, "ALTER TABLE deliveries_away RENAME TO deliveries");
        await ScrapeUntilAsync(host, m => m.Value("hookbox_dispatch_dead_events") == 0 && m.Value("hookbox_dispatch_backlog") == 0,
            "the gauges to come back with the store");
    }

    [Fact]
    public async Task Metrics_ServeTheRuntimesMemoryAndGarbageCollection()
    {
        var host = await HookboxAsync(_ => { });
        GC.Collect();

        var metrics = await ScrapeUntilAsync(host, m => m.Value("dotnet_process_memory_working_set_bytes") > 0, "the runtime's working set");

        Assert.Equal("counter", metrics.TypeOf("dotnet_gc_collections_total"));
    }

    [Fact]
    public async Task Metrics_InAnAppWithItsOwnOpenTelemetry_ServeTheAppsMetersBesideHookboxs()
    {
        var host = await HookboxAsync(_ => { }, services => services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("Courses")));

        host.Services.GetRequiredService<IMeterFactory>().Create("Courses").CreateCounter<long>("courses.granted").Add(2);
        Assert.Equal("accepted", await SendAsync(host, "composed-1", "order.completed"));

        var metrics = await ScrapeUntilAsync(host, m => m.Value("courses_granted_total") is not null, "the app's counter");
        Assert.Equal(2, metrics.Value("courses_granted_total"));
        Assert.Equal(1, Requests(metrics, "accepted"));
    }

    [Fact]
    public async Task Metrics_WhenTheAppMapsItsOwnMetricsPath_TheAppsEndpointAnswers()
    {
        // Any method, as MapPrometheusScrapingEndpoint() maps it: a MapGet would win on its method alone.
        var host = await HookboxAsync(_ => { }, endpoints: app => app.Map("/metrics", context => context.Response.WriteAsync("the app's own", context.RequestAborted)));

        var answer = await host.Client.GetStringAsync("/metrics", Token);

        Assert.Equal("the app's own", answer);
    }

    private static double? Requests(PrometheusText metrics, string outcome) =>
        metrics.Value("hookbox_ingest_requests_total", ("source", "pocketsflow"), ("outcome", outcome));

    private static double? Acks(PrometheusText metrics, string statusCode) =>
        metrics.Value("hookbox_ingest_ack_duration_seconds_count", ("source", "pocketsflow"), ("status_code", statusCode));

    private async Task<DestinationServer> DestinationAsync(Func<HttpRequest, Task<int>> answer)
    {
        var destination = await DestinationServer.StartAsync((_, request) => answer(request), Token);
        Track(destination);
        return destination;
    }

    private async Task<HookboxTestHost> HookboxAsync(
        Action<Dictionary<string, string?>> configure,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Metrics:SampleInterval"] = "00:00:00.100";
        configure(settings);
        var host = await HookboxTestHost.StartAsync(settings, Token, services, endpoints: endpoints);
        Track(host);
        return host;
    }

    private static void Route(Dictionary<string, string?> settings, string name, string events, DestinationServer destination)
    {
        settings[$"Hookbox:Routes:{name}:Source"] = "pocketsflow";
        settings[$"Hookbox:Routes:{name}:Events:0"] = events;
        settings[$"Hookbox:Routes:{name}:Url"] = destination.Url.ToString();
        settings[$"Hookbox:Routes:{name}:Secret"] = Signatures.NewStandardWebhooksSecret();
    }

    private static async Task<string?> SendAsync(HookboxTestHost host, string webhookId, string type)
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), type);
        using var response = await host.Client.SendAsync(request, Token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return json.RootElement.GetProperty("status").GetString();
    }

    private static async Task<HttpStatusCode> RefusedAsync(HookboxTestHost host, Action<HttpRequestMessage> spoil)
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()));
        spoil(request);
        using var response = await host.Client.SendAsync(request, Token);
        return response.StatusCode;
    }

    private static async Task<PrometheusText> ScrapeUntilAsync(HookboxTestHost host, Func<PrometheusText, bool> condition, string description)
    {
        PrometheusText scraped = null!; // set by the first poll, before the condition is read
        await Poll.UntilAsync(async () =>
        {
            using var response = await host.Client.GetAsync("/metrics", Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scraped = PrometheusText.Parse(await response.Content.ReadAsStringAsync(Token));
            return condition(scraped);
        }, description, Token);
        return scraped;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }
}
