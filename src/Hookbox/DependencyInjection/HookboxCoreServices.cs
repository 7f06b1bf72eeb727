using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>Registers the host-independent parts of Hookbox; <c>AddHookbox()</c> calls it.</summary>
public static class HookboxCoreServices
{
    /// <summary>
    /// Registers options (bound from the <c>Hookbox</c> section and validated on start), sources,
    /// routes, the group-commit writer, the inbox's start-up, the dispatcher, retention, the
    /// alerts and the sampler of the inbox's gauges. Safe to call more than once.
    /// </summary>
    public static IHookboxBuilder AddHookboxCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new HookboxBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(HookboxMarker)))
            return builder;

        services.AddSingleton<HookboxMarker>();
        services.AddOptions<HookboxOptions>().BindConfiguration(HookboxOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HookboxOptions>, HookboxOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<HookboxOptions>, PocketsflowSecretSetup>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HookboxMetrics>();
        services.TryAddSingleton<HookboxSignals>();
        services.TryAddSingleton<AdminCredential>();
        services.TryAddSingleton<InboxGauges>();
        services.TryAddSingleton<SourceRegistry>();
        services.TryAddSingleton<GroupCommitWriter>();
        services.TryAddSingleton<IInboxAppender>(sp => sp.GetRequiredService<GroupCommitWriter>());
        services.TryAddSingleton<IInboxBatchWriter>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxQueries>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxSchema>(sp => RequireStore(sp));
        services.TryAddSingleton<IDeliveryLeases>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxProbe>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxStats>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxRetention>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxErasure>(sp => RequireStore(sp));
        services.TryAddSingleton<ICatchUpLedger>(sp => RequireStore(sp));
        services.TryAddSingleton<IInboxAdmin>(sp => RequireStore(sp));
        services.TryAddSingleton<EventReplayer>();
        services.TryAddSingleton<DispatchSignal>();
        services.TryAddSingleton<RouteTable>();
        // A redirect is not a delivery: followed, a POST turns into a GET and the body is lost, so
        // a 3xx is a failed attempt like any other non-2xx. Dispatch:AttemptTimeout bounds each
        // attempt, not HttpClient's own 100 s. The dispatcher logs every attempt already; the
        // factory's four lines per request would cost more than the request.
        services.AddHttpClient(HttpDestination.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();

        services.TryAddSingleton<CatchUpBoard>();
        services.TryAddSingleton<CatchUpRunner>();
        services.TryAddSingleton<CatchUpCoordinator>();
        services.TryAddSingleton<ICatchUpControl>(sp => sp.GetRequiredService<CatchUpCoordinator>());
        services.TryAddSingleton<AlertBoard>();
        services.TryAddSingleton<IAlertBoard>(sp => sp.GetRequiredService<AlertBoard>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, LogAlertSink>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertSink, WebhookAlertSink>());
        // The factory's request lines would log the webhook's URL, and a Slack or Teams URL is
        // its credential; a chat service that hangs gets Alerts' own timeout, not 100 s. A
        // redirect is not followed: it would carry the alert, and what it says, to another host.
        services.AddHttpClient(WebhookAlertSink.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureHttpClient(client => client.Timeout = WebhookAlertSink.Timeout)
            .RemoveAllLoggers();

        // Hosted services start in this order and stop in the reverse: the inbox is migrated
        // before the dispatcher leases from it, retention prunes it, the alerts or the sampler read
        // its stats; the alerts listen before the first attempt is counted, and the dispatcher stops first;
        // catch-up looks append through the writer, so they stop before the inbox does.
        // First: a first start has its admin token on disk before anything answers.
        services.AddHostedService<AdminStartup>();
        services.AddHostedService<InboxStartup>();
        services.TryAddSingleton<FloodLedger>();
        services.AddHostedService<AlertMonitor>();
        services.AddHostedService<Dispatcher>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<CatchUpCoordinator>());
        services.AddHostedService<InboxStatsSampler>();
        return builder;
    }

    private static IInboxStore RequireStore(IServiceProvider services) =>
        services.GetService<IInboxStore>()
        ?? throw new InvalidOperationException("Hookbox has no inbox store: call AddHookbox().AddSqliteStore() (or another store) when registering services.");

    /// <summary>Marks a collection that already has Hookbox, so registering twice is harmless.</summary>
    internal sealed class HookboxMarker;
}
