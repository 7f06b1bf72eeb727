using Hookbox;
using Hookbox.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Hookbox in an ASP.NET Core application.</summary>
public static class HookboxServiceCollectionExtensions
{
    // .NET's built-in runtime meter (GC, memory, thread pool, JIT), served at /metrics too.
    private const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Adds Hookbox: options bound from the <c>Hookbox</c> configuration section (then
    /// <paramref name="configure"/>), validated on start; the ingest endpoint and the events API
    /// and the dashboard that <c>app.MapHookbox()</c> and <c>app.MapHookboxDashboard()</c> map. Safe to call twice. Add a store on the returned
    /// builder, such as <c>.AddSqliteStore()</c>. Also adds the <c>inbox</c> health check that
    /// <c>/readyz</c> reports, and registers with OpenTelemetry the <c>Hookbox</c> meter with a
    /// Prometheus exporter (what <c>/metrics</c> serves), joining the application's own
    /// <c>AddOpenTelemetry()</c> set-up if it has one. With <c>Hookbox:ForwardedHeaders</c> naming a
    /// proxy, ASP.NET Core's forwarded-headers middleware runs first in the application's pipeline. Traces of the <c>Hookbox</c> activity
    /// source are the application's to collect, with the exporter it uses.
    /// </summary>
    public static IHookboxBuilder AddHookbox(this IServiceCollection services, Action<HookboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddHookboxCore();
        if (configure is not null)
            services.Configure(configure);

        if (!services.Any(d => d.ServiceType == typeof(InboxHealthCheck)))
        {
            services.AddSingleton<InboxHealthCheck>();

            // Duplicates are not stored, so the overview counts them as they happen, from the host's start.
            services.AddHostedService(sp => sp.GetRequiredService<DuplicateTally>());
            services.AddHealthChecks().AddCheck<InboxHealthCheck>("inbox", tags: [Microsoft.AspNetCore.Builder.HookboxEndpointRouteBuilderExtensions.ReadyTag]);

            // AddOpenTelemetry() adds to one provider per application, whoever calls it: the
            // application's own meters, sources and exporters stay as they are, and ours join them.
            // Tracing is the application's to turn on (.WithTracing(t => t.AddSource("Hookbox")) with
            // its exporter): registered here with nowhere to go, every request would pay for an
            // activity that nobody reads.
            // "System.Runtime" is .NET's own meter (GC heap, working set, thread pool, JIT): what an
            // operator checks first when a service's memory or latency drifts.
            services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(HookboxDiagnostics.MeterName, RuntimeMeterName).AddPrometheusExporter());
        }

        services.TryAddSingleton<RefusalThrottle>();
        services.TryAddSingleton<SourceRateLimits>();
        services.TryAddSingleton<RefusalLogSampler>();
        services.TryAddSingleton<IngestEndpoint>();
        services.TryAddSingleton<EventsApi>();
        services.TryAddSingleton<ErasureApi>();
        services.TryAddSingleton<AdminAccess>();
        services.TryAddSingleton<AdminThrottle>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, ForwardedHeadersStartupFilter>());
        services.TryAddSingleton<StatsApi>();
        services.TryAddSingleton<CatchUpApi>();
        services.TryAddSingleton<DuplicateTally>();
        return builder;
    }

    /// <summary>
    /// Sets Kestrel's limits from <c>Hookbox:Limits</c> (concurrent connections, total header size,
    /// request-headers timeout, minimum body data rate), as <c>hookbox serve</c> does. They apply
    /// to the whole server: call it when the application's other endpoints suit them too, or use
    /// <see cref="Microsoft.AspNetCore.Server.Kestrel.Core.HookboxKestrelLimits.ApplyHookboxLimits"/>
    /// in <c>ConfigureKestrel</c> with limits of your own. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddHookboxServerLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, HookboxKestrelSetup>());
        return services;
    }
}
