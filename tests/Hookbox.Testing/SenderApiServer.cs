using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// A sender's own API, as a catch-up look reads it: real Kestrel on 127.0.0.1 answering Stripe's
/// <c>GET /v1/events</c> with the events the test puts in it, newest first, on one page. While
/// <see cref="Hold"/> is set, every request waits until <see cref="Release"/>, so a look can be
/// kept running for as long as a test needs.
/// </summary>
public sealed class SenderApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentStack<string> _events = new();
    private TaskCompletionSource _gate = Open();
    private int _status = StatusCodes.Status200OK;

    private SenderApiServer(WebApplication app) => _app = app;

    /// <summary>What <c>CatchUp:BaseUrl</c> is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!; // set by StartAsync

    /// <summary>What the API answers from now on: 200 with the events, or this status with Stripe's error shape (401: a revoked key).</summary>
    public int Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    /// <summary>The path and query of each request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<SenderApiServer> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackApp.Create();
        var server = new SenderApiServer(app);
        app.MapGet("/v1/events", async (HttpContext context) =>
        {
            server._requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await server._gate.Task.WaitAsync(context.RequestAborted);
            if (server.Status != StatusCodes.Status200OK)
            {
                context.Response.StatusCode = server.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}", context.RequestAborted);
                return;
            }

            var page = "{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":false,\"data\":[" + string.Join(',', server._events) + "]}";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(page, context.RequestAborted);
        });

        server.BaseUrl = await LoopbackApp.StartAsync(app, cancellationToken);
        return server;
    }

    /// <summary>A Stripe event as its webhook carries it and <c>/v1/events</c> lists it.</summary>
    public static byte[] StripeEvent(string id, string type, string objectId, DateTimeOffset created) => Encoding.UTF8.GetBytes(
        $"{{\"id\":\"{id}\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":{created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}," +
        $"\"data\":{{\"object\":{{\"id\":\"{objectId}\",\"object\":\"invoice\",\"amount_paid\":1500,\"currency\":\"usd\"}}}}," +
        $"\"livemode\":false,\"pending_webhooks\":0,\"request\":{{\"id\":null,\"idempotency_key\":null}},\"type\":\"{type}\"}}");

    /// <summary>Lists <paramref name="stripeEvent"/> from now on, as the newest event.</summary>
    public void Add(byte[] stripeEvent) => _events.Push(Encoding.UTF8.GetString(stripeEvent));

    /// <summary>From now on every request waits for <see cref="Release"/>.</summary>
    public void Hold() => Interlocked.Exchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Answers the requests that wait, and every one after.</summary>
    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
