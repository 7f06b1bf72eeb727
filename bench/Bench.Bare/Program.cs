// Benchmark peer "bare": the limit. Kestrel reads the whole body into memory and answers
// 200 {"status":"accepted"}; no verification, no parsing, no storage.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // run.sh starts the peer from the repository root: read appsettings.json from beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var app = builder.Build();

var accepted = """{"status":"accepted"}"""u8.ToArray();

app.MapPost("/webhooks/pocketsflow", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body, cancellationToken);
    return Results.Bytes(accepted, "application/json");
});

await app.RunAsync();
