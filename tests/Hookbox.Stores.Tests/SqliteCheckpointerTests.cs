using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Stores.Tests;

/// <summary>WAL checkpoints happen on their own schedule, off the commit path.</summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Checkpoint_RunsOneIntervalAfterCommitsAndNotBefore()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLogCollector();
        await using var store = new SqliteInboxStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStoreOptions { DatabasePath = _directory.Combine("hookbox.db") }),
            Microsoft.Extensions.Options.Options.Create(new HookboxOptions()),
            time,
            new FakeLogger<SqliteInboxStore>(logs));
        await store.MigrateAsync(Token);
        var incoming = new IncomingEvent(HookboxId.New(time), "pocketsflow", new EventEnvelope("c-1", "order.completed"), time.GetUtcNow(), null, "application/json", "{}"u8.ToArray(), "{}"u8.ToArray(), []);

        await store.WriteBatchAsync([incoming], [], Token);
        var before = logs.GetSnapshot().Count(r => r.Id.Name == "Checkpointed");
        time.Advance(SqliteCheckpointer.Interval);

        Assert.Equal(0, before);
        await Poll.UntilAsync(() => logs.GetSnapshot().Any(r => r.Id.Name == "Checkpointed"), "a checkpoint after the interval", Token);
    }
}
