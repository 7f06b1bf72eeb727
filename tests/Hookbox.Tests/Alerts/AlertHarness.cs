using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hookbox.Tests.Alerts;

/// <summary>
/// Hookbox's services as AddHookboxCore registers them, over a real SQLite file, on a fake clock,
/// with the alert monitor started (and nothing else: no dispatcher runs). Tests count attempts and
/// requests on the real <see cref="HookboxSignals"/>, so the alerts hear them as they hear the dispatcher's and the ingest endpoint's,
/// then move the clock one evaluation at a time.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    /// <summary>A whole minute, so the window's 10-second buckets start on it.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory;
    private readonly ServiceProvider _services;

    private AlertHarness(TempDirectory directory, ServiceProvider services, FakeTimeProvider time)
    {
        _directory = directory;
        _services = services;
        Time = time;
        Signals = services.GetRequiredService<HookboxSignals>();
        Monitor = services.GetServices<IHostedService>().OfType<AlertMonitor>().Single();
        Options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HookboxOptions>>().Value.Alerts;
    }

    public FakeTimeProvider Time { get; }

    public HookboxSignals Signals { get; }

    public AlertMonitor Monitor { get; }

    public AlertOptions Options { get; }

    public IAlertBoard Board => _services.GetRequiredService<IAlertBoard>();

    public IInboxStore Store => _services.GetRequiredService<IInboxStore>();

    /// <summary>Where catch-up looks report how they ended, as the runner does.</summary>
    public CatchUpBoard CatchUp => _services.GetRequiredService<CatchUpBoard>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Sources <c>pocketsflow</c> (routes <c>orders</c> and <c>audit</c>) and <c>stripe</c> (route
    /// <c>billing</c> only); alerts as <paramref name="alerts"/> sets them over the defaults.
    /// </summary>
    public static async Task<AlertHarness> StartAsync(Action<AlertOptions>? alerts = null, Action<HookboxOptions>? configure = null)
    {
        var directory = new TempDirectory();
        var time = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Information));
        services.AddSingleton<TimeProvider>(time);
        services.AddHookboxCore().AddSqliteStore(o => o.DatabasePath = directory.Combine("hookbox.db"));
        services.Configure<HookboxOptions>(o =>
        {
            o.DataDirectory = directory.Path;
            AddSource(o, "pocketsflow");
            AddSource(o, "stripe");
            AddRoute(o, "orders", "pocketsflow", "order.*");
            AddRoute(o, "audit", "pocketsflow", "*");
            AddRoute(o, "billing", "stripe", "invoice.*");
            alerts?.Invoke(o.Alerts);
            configure?.Invoke(o);
        });

        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IInboxSchema>().MigrateAsync(Token);
            var harness = new AlertHarness(directory, provider, time);
            await harness.Monitor.StartAsync(Token);
            return harness;
        }
        catch
        {
            await provider.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    private static void AddSource(HookboxOptions options, string name)
    {
        var source = new SourceOptions { Scheme = name };
        source.Secrets.Add("whsec_test_secret_" + name);
        options.Sources[name] = source;
    }

    private static void AddRoute(HookboxOptions options, string name, string source, string events)
    {
        // Never called: no dispatcher runs here.
        var route = new RouteOptions { Source = source, Url = "http://127.0.0.1:9/" + name, Secret = Signatures.NewStandardWebhooksSecret() };
        route.Events.Add(events);
        options.Routes[name] = route;
    }

    /// <summary>Counts <paramref name="count"/> finished attempts of <paramref name="route"/>, as the dispatcher does.</summary>
    public void Attempts(string route, DeliveryOutcomeKind outcome, int count)
    {
        for (var i = 0; i < count; i++)
            Signals.AttemptFinished(route, outcome, TimeSpan.FromMilliseconds(5));
    }

    /// <summary>Counts <paramref name="count"/> requests to <paramref name="source"/>, as the ingest endpoint does.</summary>
    public void Requests(string source, string outcome, int count)
    {
        for (var i = 0; i < count; i++)
            Signals.RequestAnswered(source, outcome);
    }

    /// <summary>Where the ingest endpoint reports refusals by client address and the addresses its throttle caught.</summary>
    public FloodLedger Floods => _services.GetRequiredService<FloodLedger>();

    /// <summary>Counts <paramref name="count"/> refusals of <paramref name="client"/>'s requests to <paramref name="source"/>, as the ingest endpoint does.</summary>
    public void Refusals(string client, string source, string outcome, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Signals.RequestAnswered(source, outcome);
            Floods.Refused(client, source, outcome);
        }
    }

    /// <summary>Moves the clock on by <paramref name="by"/> (one evaluation period by default) and waits for the evaluation it sets off.</summary>
    public async Task EvaluateAsync(TimeSpan? by = null)
    {
        Time.Advance(by ?? Options.EvaluateEvery);

        // Not just the next evaluation to finish: an advance past several periods leaves the timer
        // owing a tick, whose evaluation may have begun before what the test counts next.
        var now = Time.GetUtcNow();
        await Poll.UntilAsync(() => Monitor.LastEvaluatedAt >= now, "the alert rules to be evaluated", Token);
    }

    /// <summary>Evaluates every period until the clock has moved on by <paramref name="duration"/>.</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        for (var moved = TimeSpan.Zero; moved < duration; moved += Options.EvaluateEvery)
            await EvaluateAsync();
    }

    /// <summary>The alerts' own log lines (fired, repeated, resolved), oldest first.</summary>
    public IReadOnlyList<FakeLogRecord> AlertLines(string? name = null) =>
        [.. Logs.GetSnapshot().Where(r => r.Category == typeof(LogAlertSink).FullName && (name is null || r.Id.Name == name))];

    public async ValueTask DisposeAsync()
    {
        await Monitor.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
