// Benchmark peer "naive": a receiver written the way the Pocketsflow guide's pseudocode reads.
// Per request: read the raw body, verify the signature, parse the JSON, check whether the
// webhookId is already stored, insert it if not, SaveChanges, answer 200. EF Core, one scoped
// DbContext per request. Honest, not tuned.
//
// Two databases, the same code path:
// - SQLite (the default): NAIVE_DB is the file (naive.db), WAL mode with synchronous=FULL.
// - PostgreSQL: NAIVE_PROVIDER=postgresql, NAIVE_CONNECTION is the Npgsql connection string,
//   NAIVE_SCHEMA the schema of the Events table (naive). Durability is the server's default,
//   synchronous_commit=on with fsync=on (the bench cluster sets both explicitly): COMMIT returns
//   once the WAL record is flushed to disk, so a 200 means the row was fsynced, as with SQLite.
using System.Text;
using System.Text.Json;
using Bench.Naive;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // run.sh starts the peer from the repository root: read appsettings.json from beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var secret = Environment.GetEnvironmentVariable("POCKETSFLOW_WEBHOOK_SECRET");
if (string.IsNullOrEmpty(secret))
    throw new InvalidOperationException("POCKETSFLOW_WEBHOOK_SECRET is not set; set it to the endpoint's signing secret.");
var key = Encoding.UTF8.GetBytes(secret);

var provider = Environment.GetEnvironmentVariable("NAIVE_PROVIDER") is { Length: > 0 } name ? name.ToLowerInvariant() : "sqlite";
switch (provider)
{
    case "sqlite":
        var databasePath = Environment.GetEnvironmentVariable("NAIVE_DB") is { Length: > 0 } path ? path : "naive.db";
        var sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
        builder.Services.AddSingleton(new NaiveSchema(null));
        builder.Services.AddDbContext<NaiveDbContext>(options => options
            .UseSqlite(sqliteConnectionString)
            .AddInterceptors(new SynchronousFullInterceptor()));
        break;
    case "postgresql":
        var postgresConnectionString = Environment.GetEnvironmentVariable("NAIVE_CONNECTION");
        if (string.IsNullOrEmpty(postgresConnectionString))
            throw new InvalidOperationException("NAIVE_PROVIDER is postgresql but NAIVE_CONNECTION is not set; set it to an Npgsql connection string (Host=…;Username=…;Database=…).");
        var schemaName = Environment.GetEnvironmentVariable("NAIVE_SCHEMA") is { Length: > 0 } schema ? schema : "naive";
        builder.Services.AddSingleton(new NaiveSchema(schemaName));
        builder.Services.AddDbContext<NaiveDbContext>(options => options.UseNpgsql(postgresConnectionString));
        break;
    default:
        throw new InvalidOperationException($"NAIVE_PROVIDER '{provider}' is not known; set it to sqlite (the default) or postgresql.");
}

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<NaiveDbContext>();
    // On PostgreSQL, EnsureCreated creates the schema and table only when the database holds no
    // table at all: run.sh gives this peer a database of its own.
    await db.Database.EnsureCreatedAsync();
    if (provider == "sqlite")
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
}

app.MapPost("/webhooks/pocketsflow", async (HttpRequest request, NaiveDbContext db, CancellationToken cancellationToken) =>
{
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer, cancellationToken);
    var body = buffer.ToArray();

    if (!PocketsflowSignature.IsValid(body, request.Headers["X-Pocketsflow-Signature"], key))
        return Results.Json(new { error = "invalid_signature", message = "X-Pocketsflow-Signature is missing or does not match." }, statusCode: 401);

    string? eventId;
    try
    {
        using var json = JsonDocument.Parse(body);
        eventId = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("webhookId", out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            }
            : null;
    }
    catch (JsonException)
    {
        return Results.Json(new { error = "invalid_json", message = "The body is not JSON." }, statusCode: 400);
    }

    string? type = request.Headers["X-Pocketsflow-Event"];
    if (string.IsNullOrEmpty(eventId) || string.IsNullOrEmpty(type))
        return Results.Json(new { error = "missing_id_or_type", message = "The body has no webhookId or X-Pocketsflow-Event is missing." }, statusCode: 400);

    if (await db.Events.AnyAsync(e => e.EventId == eventId, cancellationToken))
        return Results.Json(new { status = "duplicate" });

    db.Events.Add(new WebhookEvent
    {
        EventId = eventId,
        Type = type,
        Payload = Encoding.UTF8.GetString(body),
        ReceivedAt = TimeProvider.System.GetUtcNow(),
    });
    try
    {
        await db.SaveChangesAsync(cancellationToken);
    }
    catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 }
                                           or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
    {
        // SQLITE_CONSTRAINT_UNIQUE or PostgreSQL's 23505: a concurrent delivery of the same id won the race.
        return Results.Json(new { status = "duplicate" });
    }

    return Results.Json(new { status = "accepted" });
});

await app.RunAsync();
