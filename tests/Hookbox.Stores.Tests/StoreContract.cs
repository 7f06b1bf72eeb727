using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hookbox.Stores.Tests;

/// <summary>
/// What every inbox store must do, in one suite split by concern over partial files
/// (StoreContract.Inbox.cs, .Deliveries.cs, .Retention.cs, .Erasure.cs, .CatchUp.cs,
/// .BodyDigest.cs, .Replay.cs). One concrete class per store derives from it, supplies the store,
/// and adds only what is that store's own (a file, WAL, an advisory lock, NOTIFY). The tests are
/// not virtual: every one runs on every store. A store that cannot do something says so in its
/// own class with a skipped test and a reason; it never weakens a test here.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Received = new(2026, 11, 29, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _writers = [];

    protected IInboxStore Store { get; private set; } = null!; // set in InitializeAsync, before any test

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A new, empty store of the kind under test, not yet migrated.</summary>
    protected abstract Task<IInboxStore> CreateStoreAsync(HookboxOptions options);

    protected virtual HookboxOptions Options() => new() { Ingest = { RejectionLogCapacity = 3 } };

    /// <summary>Another store object over the same database, as a second instance (or a restart) opens it.</summary>
    protected abstract Task<IInboxStore> OpenAnotherInstanceAsync();

    /// <summary>Gives the events about <paramref name="subject"/> the subject key <paramref name="key"/>: a collision no real pair of subjects is known to make.</summary>
    protected abstract Task SetSubjectKeyAsync(string subject, long key);

    public async ValueTask InitializeAsync()
    {
        Store = await CreateStoreAsync(Options());
        await Store.MigrateAsync(Token);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers)
            await writer.DisposeAsync();

        GC.SuppressFinalize(this);
    }

    protected static IncomingEvent Event(string eventId, string source = "pocketsflow", string type = "order.completed", string? id = null, DateTimeOffset? receivedAt = null, params string[] routes) => new(
        id ?? HookboxId.New(TimeProvider.System),
        source,
        new EventEnvelope(eventId, type),
        receivedAt ?? Received,
        Received.AddSeconds(-2),
        "application/json; charset=utf-8",
        Encoding.UTF8.GetBytes("""{"X-Pocketsflow-Event":"order.completed"}"""),
        Encoding.UTF8.GetBytes($$"""{"webhookId":"{{eventId}}", "amount": 29.99 }"""),
        [.. routes.Select(r => new PlannedDelivery(r, null))]);

    protected async Task<AppendResult> AppendAsync(IncomingEvent incoming) =>
        (await Store.WriteBatchAsync([incoming], [], Token))[0];

    private static async Task DisposeAsync(IInboxStore store)
    {
        if (store is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }

    protected static Rejection Rejected(string source, string message) =>
        new(source, Received, 400, ErrorCodes.InvalidJson, message, "{}"u8.ToArray(), null);

    protected static Rejection Rejected(string source) =>
        new(source, Received, 400, ErrorCodes.InvalidJson, "the body is not valid JSON", "{}"u8.ToArray(), null);

    /// <summary>A group-commit writer over the store under test, running unless told otherwise.</summary>
    private protected GroupCommitWriter StartWriter(IngestOptions? ingest = null, HookboxMetrics? metrics = null, bool start = true)
    {
        var options = Options();
        if (ingest is not null)
            options.Ingest = ingest;

        var writer = new GroupCommitWriter(Store, Microsoft.Extensions.Options.Options.Create(options), metrics ?? TestMetrics.Create(), new DispatchSignal(TimeProvider.System), NullLogger<GroupCommitWriter>.Instance);
        _writers.Add(writer);
        if (start)
            writer.Start();

        return writer;
    }
}
