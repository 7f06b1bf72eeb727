// Dispatch benchmark destination (bench/dispatch.sh). POST /hooks reads the body, notes the
// webhook-id header and the arrival time (Unix ms, TimeProvider.System) in memory and answers
// 200 at once: no verification, no storage. GET /count answers the number of deliveries seen
// (cheap, for polling); GET /stats?since=N answers {count, arrivals:[{id, ms}, ...]} with the
// arrivals from the N-th on, in the order they were noted.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // dispatch.sh starts the sink from the repository root: read appsettings.json from beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var app = builder.Build();

var clock = TimeProvider.System;
var arrivals = new ConcurrentQueue<Arrival>();

app.MapPost("/hooks", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    var ms = clock.GetUtcNow().ToUnixTimeMilliseconds();
    await request.Body.CopyToAsync(Stream.Null, cancellationToken);
    arrivals.Enqueue(new Arrival(request.Headers["webhook-id"].ToString(), ms));
    return Results.Ok();
});

app.MapGet("/count", () => Results.Text(arrivals.Count.ToString(CultureInfo.InvariantCulture)));

app.MapGet("/stats", async (HttpResponse response, int? since, CancellationToken cancellationToken) =>
{
    var snapshot = arrivals.ToArray();
    response.ContentType = "application/json";
    await using var json = new Utf8JsonWriter(response.Body);
    json.WriteStartObject();
    json.WriteNumber("count", snapshot.Length);
    json.WriteStartArray("arrivals");
    for (var i = Math.Clamp(since ?? 0, 0, snapshot.Length); i < snapshot.Length; i++)
    {
        json.WriteStartObject();
        json.WriteString("id", snapshot[i].Id);
        json.WriteNumber("ms", snapshot[i].Ms);
        json.WriteEndObject();
        if (json.BytesPending > 64 * 1024)
            await json.FlushAsync(cancellationToken);
    }

    json.WriteEndArray();
    json.WriteEndObject();
    await json.FlushAsync(cancellationToken);
});

await app.RunAsync();

internal readonly record struct Arrival(string Id, long Ms);
