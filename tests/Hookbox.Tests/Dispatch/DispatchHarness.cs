using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// A real <see cref="Dispatcher"/> over a real SQLite store (<see cref="DispatchStore"/>) on a
/// <see cref="FakeTimeProvider"/>, with in-test targets for its routes.
/// </summary>
internal sealed class DispatchHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = DispatchStore.Start;

    private readonly DispatchStore _inbox;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Dispatcher _dispatcher;
    private int _stopped;

    public DispatchHarness(DispatchOptions dispatch, params (string Route, IDeliveryTarget Target)[] routes)
        : this(dispatch, store => store, routes)
    {
    }

    /// <summary>A harness whose dispatcher reaches the store through <paramref name="leases"/> (an <see cref="ObservedLeases"/> of it).</summary>
    public DispatchHarness(DispatchOptions dispatch, Func<IDeliveryLeases, IDeliveryLeases> leases, params (string Route, IDeliveryTarget Target)[] routes)
    {
        _inbox = new DispatchStore(dispatch);
        var options = new HookboxOptions { Dispatch = dispatch };
        options.Sources["pocketsflow"] = new SourceOptions();
        Signal = new DispatchSignal(Time);
        var table = new RouteTable(Microsoft.Extensions.Options.Options.Create(options), [.. routes.Select(r => TestRoute(r.Route, r.Target, dispatch.RouteConcurrency))], _services);
        var metrics = new HookboxMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _dispatcher = new Dispatcher(leases(Store), table, Signal, Microsoft.Extensions.Options.Options.Create(options), metrics, new HookboxSignals(metrics), Time, Logger);
    }

    public FakeTimeProvider Time => _inbox.Time;

    public Hookbox.Sqlite.SqliteInboxStore Store => _inbox.Store;

    public DispatchSignal Signal { get; }

    public FakeLogger<Dispatcher> Logger { get; } = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async Task StartAsync()
    {
        await _inbox.MigrateAsync();
        await _dispatcher.StartAsync(Token);
    }

    /// <summary>Stops the dispatcher as the host does, letting running attempts finish and their outcomes be recorded.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
            await _dispatcher.StopAsync(Token);
    }

    public async Task<string> AppendAsync(string eventId, params string[] routes)
    {
        var id = await _inbox.AppendAsync(eventId, routes);
        Signal.Ring();
        return id;
    }

    /// <summary>Appends, in one commit, an event per id with a delivery to each of <paramref name="routes"/>; returns their Hookbox ids.</summary>
    public async Task<string[]> AppendManyAsync(IReadOnlyList<string> eventIds, params string[] routes)
    {
        var ids = await _inbox.AppendManyAsync(eventIds, routes);
        Signal.Ring();
        return ids;
    }

    public Task<DeliveryInfo> DeliveryAsync(string id, string route) => _inbox.DeliveryAsync(id, route);

    public async ValueTask DisposeAsync()
    {
        // Disposing waits a few (fake) seconds for attempts that ignore their tokens: time passes
        // until it is done, so a failed test ends rather than hangs.
        var disposing = _dispatcher.DisposeAsync().AsTask();
        while (!disposing.IsCompleted)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None));
        }

        await disposing;
        await _inbox.DisposeAsync();
        await _services.DisposeAsync();
    }

    private static RouteRegistration TestRoute(string name, IDeliveryTarget target, int concurrency) =>
        new(RouteKey.Handler(typeof(TestTarget)), name, "pocketsflow", ["*"], null, concurrency, _ => target);
}

/// <summary>An in-test target: each call runs <c>attempt</c>(n, token), n counting calls from 1; it records calls and calls running now.</summary>
internal sealed class TestTarget(Func<int, CancellationToken, Task<AttemptResult>> attempt, bool startsWithoutBlocking = false) : IDeliveryTarget
{
    private int _calls;
    private int _running;
    private int _mostAtOnce;

    public bool StartsWithoutBlocking => startsWithoutBlocking;

    public int Calls => Volatile.Read(ref _calls);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>The deliveries of the calls so far, in the order they started.</summary>
    public ConcurrentQueue<LeasedDelivery> Started { get; } = new();

    public async Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        Started.Enqueue(delivery);
        try
        {
            return await attempt(call, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
