using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using Hookbox.Pocketsflow;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Library mode: typed and raw in-process handlers, run in the background over the real host.</summary>
public sealed class HandlerTests : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Calls _calls = new();
    private HookboxTestHost? _host;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>What the handlers saw, shared with the test.</summary>
    public sealed class Calls
    {
        private int _failuresLeft;

        public ConcurrentQueue<WebhookEvent> Seen { get; } = new();

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void FailNext(int attempts) => Volatile.Write(ref _failuresLeft, attempts);

        public bool ShouldFail() => Interlocked.Decrement(ref _failuresLeft) >= 0;
    }

    public sealed class GrantCourseAccess(Calls calls) : IWebhookHandler<OrderCompleted>
    {
        public Task HandleAsync(WebhookEvent<OrderCompleted> webhookEvent, CancellationToken cancellationToken)
        {
            if (calls.ShouldFail())
                throw new InvalidOperationException("the course service is down");

            calls.Seen.Enqueue(webhookEvent);
            return Task.CompletedTask;
        }
    }

    /// <summary>Signals when it starts, then waits to be let go: an attempt in flight at shutdown.</summary>
    public sealed class SlowHandler(Calls calls) : IWebhookHandler
    {
        public async Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            calls.Started.TrySetResult();
            await calls.Release.Task.WaitAsync(cancellationToken);
            calls.Seen.Enqueue(webhookEvent);
        }
    }

    public sealed class AuditEverything(Calls calls) : IWebhookHandler
    {
        public Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            calls.Seen.Enqueue(webhookEvent);
            return Task.CompletedTask;
        }
    }

    private async Task<HookboxTestHost> StartAsync(Action<IHookboxBuilder> handlers)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings["Hookbox:Dispatch:InitialDelay"] = "00:00:00.020";
        settings["Hookbox:Dispatch:MaxDelay"] = "00:00:00.050";
        _host = await HookboxTestHost.StartAsync(settings, Token, services =>
        {
            services.AddSingleton(_calls);
            handlers(services.AddHookbox());
        });
        return _host;
    }

    private static async Task<string> SendAsync(HookboxTestHost host, string type, string body, string source = "pocketsflow")
    {
        using var request = PocketsflowEvents.Request(System.Text.Encoding.UTF8.GetBytes(body), type, source: source);
        using var response = await host.Client.SendAsync(request, Token);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task TypedHandler_GetsTheBodyAsItsTypeWithTheIds()
    {
        var host = await StartAsync(hookbox => hookbox.AddHandler<GrantCourseAccess>());

        var id = await SendAsync(host, "order.completed", """{"webhookId":"ord-evt-1","customer":{"email":"jane@example.com"},"order":{"id":"ord_1","amount":29.99}}""");
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the handler to run", Token);

        var seen = Assert.IsType<WebhookEvent<OrderCompleted>>(Assert.Single(_calls.Seen));
        Assert.Equal((id, "pocketsflow", "ord-evt-1", "order.completed", 1), (seen.Id, seen.Source, seen.EventId, seen.Type, seen.Attempt));
        Assert.Equal(("jane@example.com", 29.99m), (seen.Data.Customer?.Email, seen.Data.Order?.Amount));
    }

    [Fact]
    public async Task TypedHandler_OnlyGetsItsEventType()
    {
        var host = await StartAsync(hookbox => hookbox.AddHandler<GrantCourseAccess>());

        var other = await SendAsync(host, "order.refunded", """{"webhookId":"ref-1"}""");
        var mine = await SendAsync(host, "order.completed", """{"webhookId":"ord-2"}""");
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the handler to run", Token);
        var shown = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{other}", Token)).RootElement;

        Assert.Equal(mine, Assert.Single(_calls.Seen).Id);
        Assert.Equal("unrouted", shown.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TypedHandlerOnANamedSource_GetsThatSourcesEventsOfItsType()
    {
        var host = await StartAsync(hookbox => hookbox
            .AddSource("shop", source =>
            {
                source.Scheme = "pocketsflow";
                source.Secrets.Add(PocketsflowEvents.Secret);
            })
            .AddHandler<GrantCourseAccess>("shop"));

        var elsewhere = await SendAsync(host, "order.completed", """{"webhookId":"pf-ord-1"}""");
        var other = await SendAsync(host, "order.refunded", """{"webhookId":"shop-ref-1"}""", source: "shop");
        var mine = await SendAsync(host, "order.completed", """{"webhookId":"shop-ord-1","order":{"id":"ord_9","amount":12.5}}""", source: "shop");
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the handler to run", Token);
        var statuses = await Task.WhenAll(new[] { elsewhere, other }.Select(async id =>
            JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement.GetProperty("status").GetString()));

        var seen = Assert.IsType<WebhookEvent<OrderCompleted>>(Assert.Single(_calls.Seen));
        Assert.Equal((mine, "shop", "shop-ord-1", 12.5m), (seen.Id, seen.Source, seen.EventId, seen.Data.Order?.Amount));
        Assert.All(statuses, status => Assert.Equal("unrouted", status));
    }

    [Fact]
    public async Task TypedHandlerOnAnUnconfiguredSource_StopsStartUpNamingIt()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => StartAsync(hookbox => hookbox.AddHandler<GrantCourseAccess>("shop")));

        Assert.Contains("AddHandler<GrantCourseAccess>(): Source 'shop' is not a configured source; configure Hookbox:Sources:shop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerThatThrows_IsAFailedAttemptRetriedWithTheNextAttemptNumber()
    {
        _calls.FailNext(2);
        var host = await StartAsync(hookbox => hookbox.AddHandler<GrantCourseAccess>());

        var id = await SendAsync(host, "order.completed", """{"webhookId":"ord-3"}""");
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the third attempt to succeed", Token);
        var delivery = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement.GetProperty("deliveries")[0];

        Assert.Equal(3, Assert.Single(_calls.Seen).Attempt);
        Assert.Equal("grantcourseaccess", delivery.GetProperty("route").GetString());
        Assert.Equal("InvalidOperationException: the course service is down", delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task RawHandler_GetsEveryMatchingEventWithItsBody()
    {
        var host = await StartAsync(hookbox => hookbox.AddHandler<AuditEverything>("pocketsflow", "*"));

        await SendAsync(host, "invoice.paid", """{"webhookId":"inv-1"}""");
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the handler to run", Token);

        var seen = Assert.Single(_calls.Seen);
        Assert.Equal("invoice.paid", seen.Type);
        Assert.Equal("""{"webhookId":"inv-1"}""", System.Text.Encoding.UTF8.GetString(seen.Body.Span));
    }

    [Fact]
    public async Task HandlerForAnUnconfiguredSource_StopsStartUpSayingSo()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => StartAsync(hookbox => hookbox.AddHandler<AuditEverything>("stripe", "*")));

        Assert.Contains("AddHandler<AuditEverything>(): Source 'stripe' is not a configured source; configure Hookbox:Sources:stripe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_LetsARunningAttemptFinishAndRecordsIt()
    {
        var host = await StartAsync(hookbox => hookbox.AddHandler<SlowHandler>("pocketsflow", "*"));
        var id = await SendAsync(host, "order.completed", """{"webhookId":"in-flight-1"}""");
        await _calls.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

        // Released only once shutdown has begun: the host must wait for the attempt.
        host.App.Lifetime.ApplicationStopping.Register(() => _calls.Release.SetResult());
        await host.App.StopAsync(Token);
        await host.DisposeAsync();
        _host = await HookboxTestHost.StartAsync(HookboxTestHost.DefaultSettings(_directory.Path), Token);
        var shown = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement;

        Assert.Single(_calls.Seen);
        Assert.Equal("delivered", shown.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ShutdownDeadline_ReleasesTheAttemptWithoutCountingIt()
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        var host = await HookboxTestHost.StartAsync(settings, Token, services =>
        {
            services.AddSingleton(_calls);
            services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
            services.AddHookbox().AddHandler<SlowHandler>("pocketsflow", "*");
        });
        var id = await SendAsync(host, "order.completed", """{"webhookId":"cut-short-1"}""");
        await _calls.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

        await host.DisposeAsync();
        _calls.Release.SetResult();
        _host = await HookboxTestHost.StartAsync(settings, Token, services =>
        {
            services.AddSingleton(_calls);
            services.AddHookbox().AddHandler<SlowHandler>("pocketsflow", "*");
        });
        await Poll.UntilAsync(() => !_calls.Seen.IsEmpty, "the attempt to run again after the restart", Token);
        JsonElement delivery = default;
        await Poll.UntilAsync(async () => (delivery = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/events/{id}", Token)).RootElement.GetProperty("deliveries")[0]).GetProperty("status").GetString() == "succeeded", "the delivery to be recorded", Token);

        Assert.Equal(1, Assert.Single(_calls.Seen).Attempt);
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
    }
}
