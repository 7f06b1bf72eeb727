using System.Text;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// A real SQLite store in a temp directory on a <see cref="FakeTimeProvider"/>, with what dispatch
/// tests need to fill it, lease from it and read it back. <see cref="DispatchHarness"/> runs a
/// whole dispatcher over one; the tests of the dispatcher's parts use it alone.
/// </summary>
internal sealed class DispatchStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    public DispatchStore(DispatchOptions dispatch, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        var options = new HookboxOptions { Dispatch = dispatch };
        options.Sources["pocketsflow"] = new SourceOptions();
        Store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = _directory.Combine("hookbox.db") }),
            Microsoft.Extensions.Options.Options.Create(options),
            Time,
            NullLogger<SqliteInboxStore>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public SqliteInboxStore Store { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public Task MigrateAsync() => Store.MigrateAsync(Token);

    /// <summary>Appends an event with a delivery to each of <paramref name="routes"/>, due now; returns its Hookbox id.</summary>
    public async Task<string> AppendAsync(string eventId, params string[] routes) =>
        (await AppendManyAsync([eventId], routes))[0];

    /// <summary>Appends, in one commit, an event per id with a delivery to each of <paramref name="routes"/>; returns their Hookbox ids.</summary>
    public async Task<string[]> AppendManyAsync(IReadOnlyList<string> eventIds, params string[] routes)
    {
        var incoming = eventIds.Select(eventId => new IncomingEvent(
            HookboxId.New(Time), "pocketsflow", new EventEnvelope(eventId, "order.completed"), Time.GetUtcNow(), Time.GetUtcNow(),
            "application/json", Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes($$"""{"webhookId":"{{eventId}}"}"""),
            [.. routes.Select(r => new PlannedDelivery(r, null))])).ToList();
        await Store.WriteBatchAsync(incoming, [], Token);
        return [.. incoming.Select(e => e.Id)];
    }

    /// <summary>Leases, as the dispatcher does, up to <paramref name="max"/> deliveries of <paramref name="route"/> due now, until now + <paramref name="leaseFor"/>.</summary>
    public Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(string route, int max, TimeSpan leaseFor, int maxAttempts = 8)
    {
        var now = Time.GetUtcNow();
        return Store.LeaseAsync(route, max, now, now + leaseFor, maxAttempts, Token);
    }

    public async Task<DeliveryInfo> DeliveryAsync(string id, string route) =>
        (await Store.GetEventAsync(id, Token))!.Deliveries.Single(d => d.Route == route);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
