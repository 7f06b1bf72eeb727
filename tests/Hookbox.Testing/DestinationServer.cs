using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hookbox.Testing;

/// <summary>
/// An internal service Hookbox delivers to: real Kestrel on 127.0.0.1, recording every request
/// it gets and answering as the test says.
/// </summary>
public sealed class DestinationServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();

    private DestinationServer(WebApplication app) => _app = app;

    /// <summary>The URL Hookbox should POST to.</summary>
    public Uri Url { get; private set; } = null!; // set by StartAsync

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    /// <summary>What an answer returns when it wrote the response itself (a status and a body).</summary>
    public const int AnsweredItself = 0;

    /// <summary>Starts a destination whose answer to its <c>n</c>th request (from 1) is <paramref name="answer"/>(n, request).</summary>
    public static async Task<DestinationServer> StartAsync(Func<int, HttpRequest, Task<int>> answer, CancellationToken cancellationToken)
    {
        var app = LoopbackApp.Create();
        var server = new DestinationServer(app);
        var count = 0;
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var raw = new MemoryStream();
            await request.Body.CopyToAsync(raw, request.HttpContext.RequestAborted);
            raw.Position = 0;
            using var reader = new StreamReader(raw);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var n = Interlocked.Increment(ref count);
            server._received.Enqueue(new ReceivedDelivery(n, headers, body, new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value))) { RawBody = raw.ToArray() });
            var status = await answer(n, request);
            return status == AnsweredItself ? Results.Empty : Results.StatusCode(status);
        });

        server.Url = new Uri(await LoopbackApp.StartAsync(app, cancellationToken), "/hooks");
        return server;
    }

    public static Task<DestinationServer> StartAsync(Func<int, int> answer, CancellationToken cancellationToken) =>
        StartAsync((n, _) => Task.FromResult(answer(n)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>One request a destination got.</summary>
/// <param name="Number">Its number, from 1.</param>
/// <param name="Headers">Its headers, name to value.</param>
/// <param name="Body">Its body as text.</param>
/// <param name="RawHeaders">Its headers as ASP.NET Core saw them, for libraries that verify with them.</param>
public sealed record ReceivedDelivery(int Number, IReadOnlyDictionary<string, string> Headers, string Body, IHeaderDictionary RawHeaders)
{
    /// <summary>Its body byte for byte, as it came off the wire (<see cref="Body"/> is it decoded as UTF-8).</summary>
    public byte[] RawBody { get; init; } = [];
}
