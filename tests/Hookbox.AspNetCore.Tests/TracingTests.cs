using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Activities on the <c>Hookbox</c> source, as a tracer sees them (issue 5).</summary>
public sealed class TracingTests : IAsyncDisposable
{
    // Other tests' hosts run beside this one and trace too: this test's traffic goes to a source of its own.
    private const string Source = "traced";

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly List<IAsyncDisposable> _servers = [];

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HookboxDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
            await server.DisposeAsync();

        _listener.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Ingest_AcceptedEvent_IsAnActivityTaggedWithItsIdsAndFollowedByItsDeliveryAttempt()
    {
        var destination = await DestinationServer.StartAsync(_ => 200, Token);
        _servers.Add(destination);
        var host = await HookboxAsync(destination);
        var webhookId = PocketsflowEvents.NewWebhookId();

        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), "order.completed", source: Source);
        using var response = await host.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Each stops in the background of its own: the attempt may end before the request's activity does.
        var attempt = await StoppedAsync("hookbox.dispatch.attempt", a => Tag(a, "hookbox.event_id") == webhookId);
        var ingest = await StoppedAsync("hookbox.ingest", a => Tag(a, "hookbox.event_id") == webhookId);
        var commit = await StoppedAsync("hookbox.inbox.commit", a => a.GetTagItem("hookbox.batch_size") is int size && size >= 1);
        Assert.Single(_stopped, a => a.OperationName == "hookbox.ingest" && Tag(a, "hookbox.event_id") == webhookId);
        Assert.Equal(Source, Tag(ingest, "hookbox.source"));
        Assert.Equal("order.completed", Tag(ingest, "hookbox.event_type"));
        Assert.Equal("accepted", Tag(ingest, "hookbox.outcome"));
        Assert.StartsWith("hb_", Tag(ingest, "hookbox.id"), StringComparison.Ordinal);
        Assert.Equal(ActivityStatusCode.Unset, ingest.Status);

        Assert.Equal("deliver", Tag(attempt, "hookbox.route"));
        Assert.Equal(1, attempt.GetTagItem("hookbox.attempt"));
        Assert.Equal("succeeded", Tag(attempt, "hookbox.outcome"));
        Assert.Equal(Tag(ingest, "hookbox.id"), Tag(attempt, "hookbox.id"));
        // The destination's request is part of the attempt's trace.
        Assert.Contains(attempt.TraceId.ToHexString(), Assert.Single(destination.Received).Headers["traceparent"], StringComparison.Ordinal);
        Assert.Equal(default, commit.ParentSpanId); // a trace of its own, not a request's child
    }

    [Fact]
    public async Task Ingest_Refused_IsAnActivityWithErrorStatusAndTheReason()
    {
        var host = await HookboxAsync(destination: null);

        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(PocketsflowEvents.NewWebhookId()), source: Source, signature: new string('0', 64));
        using var response = await host.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var ingest = await StoppedAsync("hookbox.ingest", a => Tag(a, "hookbox.source") == Source);
        Assert.Equal(ActivityStatusCode.Error, ingest.Status);
        Assert.Equal("invalid_signature", Tag(ingest, "hookbox.outcome"));
        Assert.Null(ingest.GetTagItem("hookbox.event_id")); // never read from an unverified body
    }

    private async Task<HookboxTestHost> HookboxAsync(DestinationServer? destination)
    {
        var settings = HookboxTestHost.DefaultSettings(_directory.Path);
        settings[$"Hookbox:Sources:{Source}:Scheme"] = "pocketsflow";
        settings[$"Hookbox:Sources:{Source}:Secrets:0"] = PocketsflowEvents.Secret;
        if (destination is not null)
        {
            settings["Hookbox:Routes:deliver:Source"] = Source;
            settings["Hookbox:Routes:deliver:Events:0"] = "*";
            settings["Hookbox:Routes:deliver:Url"] = destination.Url.ToString();
            settings["Hookbox:Routes:deliver:Secret"] = Signatures.NewStandardWebhooksSecret();
        }

        var host = await HookboxTestHost.StartAsync(settings, Token);
        _servers.Add(host);
        return host;
    }

    private async Task<Activity> StoppedAsync(string operation, Func<Activity, bool> match)
    {
        Activity? found = null;
        await Poll.UntilAsync(() => (found = _stopped.FirstOrDefault(a => a.OperationName == operation && match(a))) is not null, $"a {operation} activity", Token);
        return found!; // set when the poll ends
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;
}
