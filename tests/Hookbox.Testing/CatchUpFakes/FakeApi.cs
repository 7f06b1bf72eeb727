using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// A sender's API for catch-up tests: real Kestrel on 127.0.0.1, checking the bearer key as the
/// API does, recording every request, and failing the next requests as a test says. It never
/// waits on a clock of its own; a hang lasts until the client gives up.
/// </summary>
public abstract class FakeApi : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeApiRequest> _requests = new();
    private readonly Queue<FakeApiFault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    private protected FakeApi(string apiKey) => ApiKey = apiKey;

    /// <summary>The key the API takes, as <c>Authorization: Bearer &lt;key&gt;</c>; any other is refused with 401.</summary>
    public string ApiKey { get; }

    /// <summary>The API's address, such as <c>http://127.0.0.1:54321</c>: what a source's <c>CatchUp:BaseUrl</c> would be.</summary>
    public Uri BaseUrl { get; private set; } = null!; // set by StartAsync, before anyone sees the fake

    /// <summary>Every request so far, in the order they came.</summary>
    public IReadOnlyList<FakeApiRequest> Requests => [.. _requests];

    /// <summary>The next <paramref name="times"/> requests are answered <paramref name="statusCode"/> (401, 403, 500, 503…) with the API's error body.</summary>
    public void FailNext(int statusCode, int times = 1) => Enqueue(new FakeApiFault(FakeApiFaultKind.Status, StatusCode: statusCode), times);

    /// <summary>The next <paramref name="times"/> requests are answered 429 with <c>Retry-After: <paramref name="retryAfterSeconds"/></c>.</summary>
    public void RateLimitNext(int retryAfterSeconds, int times = 1) => Enqueue(new FakeApiFault(FakeApiFaultKind.RateLimited, RetryAfterSeconds: retryAfterSeconds), times);

    /// <summary>The next <paramref name="times"/> requests get no answer at all, until the client aborts them (or the fake stops).</summary>
    public void HangNext(int times = 1) => Enqueue(new FakeApiFault(FakeApiFaultKind.Hang), times);

    /// <summary>The next <paramref name="times"/> requests are answered 200 with a cut-off JSON body.</summary>
    public void SendMalformedJsonNext(int times = 1) => Enqueue(new FakeApiFault(FakeApiFaultKind.MalformedJson), times);

    /// <summary>The next <paramref name="times"/> requests are answered as usual, but the first item listed has lost its id.</summary>
    public void DropItemIdNext(int times = 1) => Enqueue(new FakeApiFault(FakeApiFaultKind.DropItemId), times);

    /// <summary>Stops the server; a hanging request is let go.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="api"/> on a free loopback port and returns it, as each fake's own <c>StartAsync</c> does.</summary>
    private protected static async Task<TApi> Started<TApi>(TApi api, CancellationToken cancellationToken)
        where TApi : FakeApi
    {
        await api.StartAsync(cancellationToken);
        return api;
    }

    /// <summary>Starts the server on a free loopback port.</summary>
    private protected async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = LoopbackApp.Create();
        _app.Run(HandleAsync);
        BaseUrl = await LoopbackApp.StartAsync(_app, cancellationToken);
    }

    /// <summary>The API's own answer to an authorized request.</summary>
    private protected abstract FakeApiAnswer Answer(HttpRequest request);

    /// <summary>The API's documented error body for <paramref name="statusCode"/>; never echoes the key sent.</summary>
    private protected abstract string ErrorBody(int statusCode);

    /// <summary>Removes the id of the first item in a list answer (for <see cref="DropItemIdNext"/>).</summary>
    private protected abstract void DropFirstItemId(JsonNode body);

    /// <summary>A refusal the API makes before anything else (GitHub's missing User-Agent); null to go on.</summary>
    private protected virtual FakeApiAnswer? Refuse(HttpRequest request) => null;

    /// <summary>The origin of the server, for the absolute links an API puts in its answers.</summary>
    private protected string Origin => BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>A query parameter, or null.</summary>
    private protected static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>An integer query parameter: <paramref name="fallback"/> when absent, null when it is not an integer in [min, max].</summary>
    private protected static int? IntQuery(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (Query(request, name) is not { } text)
            return fallback;

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }

    /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
    private protected static string Quote(string text) => JsonValue.Create(text).ToJsonString();

    private void Enqueue(FakeApiFault fault, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_faults)
        {
            for (var i = 0; i < times; i++)
                _faults.Enqueue(fault);
        }
    }

    private FakeApiFault? NextFault()
    {
        lock (_faults)
            return _faults.TryDequeue(out var fault) ? fault : null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new FakeApiRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.Path.Value + request.QueryString.Value,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        var fault = NextFault();
        switch (fault?.Kind)
        {
            case FakeApiFaultKind.Hang:
                using (var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, hang.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up, or the fake is stopping: nothing is left to answer.
                    }
                }

                context.Abort();
                return;
            case FakeApiFaultKind.Status:
                await WriteAsync(context, new FakeApiAnswer(fault.StatusCode, ErrorBody(fault.StatusCode)));
                return;
            case FakeApiFaultKind.RateLimited:
                await WriteAsync(context, new FakeApiAnswer(429, ErrorBody(429), new Dictionary<string, string>
                {
                    ["Retry-After"] = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
                }));
                return;
        }

        var answer = Refuse(request) ?? (Authorized(request) ? Answer(request) : new FakeApiAnswer(401, ErrorBody(401)));
        if (fault?.Kind == FakeApiFaultKind.MalformedJson)
            answer = answer with { StatusCode = 200, Json = answer.Json.Length > 2 ? answer.Json[..(answer.Json.Length / 2)] : "{\"data\":[" };
        else if (fault?.Kind == FakeApiFaultKind.DropItemId && answer.StatusCode == 200 && JsonNode.Parse(answer.Json) is { } body)
        {
            DropFirstItemId(body);
            answer = answer with { Json = body.ToJsonString() };
        }

        await WriteAsync(context, answer);
    }

    private bool Authorized(HttpRequest request) =>
        string.Equals(request.Headers.Authorization.ToString(), "Bearer " + ApiKey, StringComparison.Ordinal);

    private static async Task WriteAsync(HttpContext context, FakeApiAnswer answer)
    {
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (answer.Headers is not null)
        {
            foreach (var (name, value) in answer.Headers)
                context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(answer.Json, context.RequestAborted);
    }
}
