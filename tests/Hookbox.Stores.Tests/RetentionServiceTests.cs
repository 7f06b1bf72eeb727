using System.Text;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Stores.Tests;

/// <summary>The background retention pass over a real SQLite inbox, on a clock that moves only when the test says so.</summary>
public sealed class RetentionServiceTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeLogger<RetentionService> _logger = new();
    private readonly List<IAsyncDisposable> _disposables = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string DatabasePath => _directory.Combine("hookbox.db");

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
            await disposable.DisposeAsync();

        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static HookboxOptions Options() => new() { Retention = { BatchSize = 3, Interval = Interval } };

    private async Task<SqliteInboxStore> OpenStoreAsync(TimeSpan? busyTimeout = null)
    {
        var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = DatabasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(2) }),
            Microsoft.Extensions.Options.Options.Create(Options()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteInboxStore>.Instance);
        _disposables.Add(store);
        await store.MigrateAsync(Token);
        return store;
    }

    private async Task<RetentionService> StartAsync(SqliteInboxStore store, HookboxOptions? options = null)
    {
        var service = new RetentionService(store, Microsoft.Extensions.Options.Options.Create(options ?? Options()), _time, _logger);
        await service.StartAsync(Token);
        _disposables.Add(new Stopper(service));
        return service;
    }

    /// <summary>A delivered event received <paramref name="daysAgo"/> days before the clock's start.</summary>
    private static async Task<string> DeliveredAsync(SqliteInboxStore store, string eventId, double daysAgo, DeliveryOutcomeKind outcome = DeliveryOutcomeKind.Succeeded)
    {
        var receivedAt = Start - TimeSpan.FromDays(daysAgo);
        var id = HookboxId.New(TimeProvider.System);
        await store.WriteBatchAsync(
            [new IncomingEvent(id, "pocketsflow", new EventEnvelope(eventId, "order.completed"), receivedAt, null, "application/json",
                "{}"u8.ToArray(), Encoding.UTF8.GetBytes($$"""{"webhookId":"{{eventId}}"}"""), [new PlannedDelivery("orders", null)])],
            [],
            Token);
        var leased = Assert.Single(await store.LeaseAsync("orders", 10, receivedAt, receivedAt.AddMinutes(1), 3, Token));
        await store.CompleteAsync([new DeliveryOutcome(leased.EventSequence, "orders", leased.LeaseId, outcome, null, null)], Token);
        return id;
    }

    private static async Task<bool> PrunedAsync(SqliteInboxStore store, string id) =>
        (await store.GetEventAsync(id, Token))?.PayloadPrunedAt is not null;

    /// <summary>Polls, moving the clock an interval on each look, so the next pass comes whenever the service waits for it.</summary>
    private Task UntilAsync(Func<Task<bool>> condition, string description) =>
        Poll.UntilAsync(async () =>
        {
            if (await condition())
                return true;

            _time.Advance(Interval);
            return false;
        }, description, Token);

    [Fact]
    public async Task Start_PrunesEverythingDueInBatchesAndAgainEveryInterval()
    {
        var store = await OpenStoreAsync();
        var old = new List<string>();
        for (var i = 0; i < 7; i++)
            old.Add(await DeliveredAsync(store, $"old-{i}", daysAgo: 40));

        var expired = await DeliveredAsync(store, "expired", daysAgo: 100);
        var young = await DeliveredAsync(store, "young", daysAgo: 10);
        // Younger than Retention:Dead (90 days) even after the clock moves on below.
        var dead = await DeliveredAsync(store, "dead", daysAgo: 50, DeliveryOutcomeKind.Dead);

        await StartAsync(store);

        // The first pass runs at start, with the clock where it is: seven payloads in batches of three.
        await Poll.UntilAsync(async () => await PrunedAsync(store, old[^1]) && await store.GetEventAsync(expired, Token) is null, "the first pass", Token);
        foreach (var id in old)
            Assert.True(await PrunedAsync(store, id));

        Assert.False(await PrunedAsync(store, young));
        Assert.False(await PrunedAsync(store, dead));
        await Poll.UntilAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Id.Id == 2100), "the pass's log line", Token);
        var line = _logger.Collector.GetSnapshot().Single(r => r.Id.Id == 2100);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("emptied the payloads of 7 delivered events", line.Message, StringComparison.Ordinal);
        Assert.Contains("deleted 1 delivered events", line.Message, StringComparison.Ordinal);

        // Twenty-one days on, the young event is past thirty days: a later pass prunes it.
        _time.Advance(TimeSpan.FromDays(21));
        await UntilAsync(() => PrunedAsync(store, young), "a later pass to prune the young event");
        Assert.False(await PrunedAsync(store, dead));
        Assert.NotNull(await store.GetEventAsync(dead, Token));
    }

    [Fact]
    public async Task Start_DeletesUnroutedAndDeadEventsPastTheirPeriodsOnly()
    {
        var store = await OpenStoreAsync();
        var oldUnrouted = await UnroutedAsync(store, "old-unrouted", daysAgo: 31);
        var youngUnrouted = await UnroutedAsync(store, "young-unrouted", daysAgo: 29);
        var oldDead = await DeliveredAsync(store, "old-dead", daysAgo: 91, DeliveryOutcomeKind.Dead);
        var youngDead = await DeliveredAsync(store, "young-dead", daysAgo: 89, DeliveryOutcomeKind.Dead);

        await StartAsync(store);

        await Poll.UntilAsync(async () => await store.GetEventAsync(oldUnrouted, Token) is null && await store.GetEventAsync(oldDead, Token) is null, "the first pass", Token);
        Assert.NotNull(await store.GetEventAsync(youngUnrouted, Token));
        Assert.NotNull(await store.GetEventAsync(youngDead, Token));
        await Poll.UntilAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Id.Id == 2103), "the pass's log line", Token);
        Assert.Contains("deleted 1 unrouted events past Hookbox:Retention:Unrouted and 1 dead events", _logger.Collector.GetSnapshot().Single(r => r.Id.Id == 2103).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnroutedAndDeadZero_KeepsThemHoweverOld()
    {
        var store = await OpenStoreAsync();
        var unrouted = await UnroutedAsync(store, "ancient-unrouted", daysAgo: 4000);
        var dead = await DeliveredAsync(store, "ancient-dead", daysAgo: 4000, DeliveryOutcomeKind.Dead);
        var delivered = await DeliveredAsync(store, "ancient-delivered", daysAgo: 4000);
        var options = Options();
        options.Retention.Unrouted = TimeSpan.Zero;
        options.Retention.Dead = TimeSpan.Zero;

        await StartAsync(store, options);

        // The pass's line is written once all four rules ran: the other two were kept by it.
        await Poll.UntilAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Id.Id == 2100), "the first pass", Token);
        Assert.Null(await store.GetEventAsync(delivered, Token));
        Assert.NotNull(await store.GetEventAsync(unrouted, Token));
        Assert.NotNull(await store.GetEventAsync(dead, Token));
    }

    /// <summary>An event no route matched, received <paramref name="daysAgo"/> days before the clock's start.</summary>
    private static async Task<string> UnroutedAsync(SqliteInboxStore store, string eventId, double daysAgo)
    {
        var id = HookboxId.New(TimeProvider.System);
        await store.WriteBatchAsync(
            [new IncomingEvent(id, "pocketsflow", new EventEnvelope(eventId, "order.completed"), Start - TimeSpan.FromDays(daysAgo), null, "application/json",
                "{}"u8.ToArray(), Encoding.UTF8.GetBytes($$"""{"webhookId":"{{eventId}}"}"""), [])],
            [],
            Token);
        return id;
    }

    [Fact]
    public async Task Pass_WhenTheStoreFails_IsLoggedAndTriedAgainAtTheNextInterval()
    {
        var store = await OpenStoreAsync(busyTimeout: TimeSpan.FromMilliseconds(100));
        var old = await DeliveredAsync(store, "old", daysAgo: 40);

        // Another process holds SQLite's write lock: the first pass cannot prune.
        using var blocker = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
        }

        await StartAsync(store);
        await Poll.UntilAsync(() => _logger.Collector.GetSnapshot().Any(r => r.Id.Id == 2102), "the failed pass to be logged", Token);
        var failure = _logger.Collector.GetSnapshot().First(r => r.Id.Id == 2102);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.IsType<SqliteException>(failure.Exception);
        Assert.False(await PrunedAsync(store, old));

        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await UntilAsync(() => PrunedAsync(store, old), "the next pass to prune the event");
    }

    /// <summary>Stops the service before the store under it is disposed.</summary>
    private sealed class Stopper(RetentionService service) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
    }
}
