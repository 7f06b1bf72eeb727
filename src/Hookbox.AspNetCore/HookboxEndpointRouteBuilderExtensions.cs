using Hookbox;
using Hookbox.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Hookbox's endpoints.</summary>
public static class HookboxEndpointRouteBuilderExtensions
{
    /// <summary>The tag of the health checks that <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Where the Prometheus metrics are served.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps <c>POST /webhooks/{source}</c> (ingest), <c>/api/…</c> (events and catch-up API, behind the
    /// admin token), <c>/metrics</c> (Prometheus, behind the admin token too), and <c>/healthz</c>
    /// and <c>/readyz</c>; the dashboard is <see cref="MapHookboxDashboard"/>'s. Returns the
    /// group, so conventions can be added to every Hookbox endpoint. An application that maps its
    /// own <c>/metrics</c> keeps it: Hookbox's endpoint gives way.
    /// </summary>
    public static IEndpointConventionBuilder MapHookbox(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<HookboxCoreServices.HookboxMarker>() is null)
            throw new InvalidOperationException("MapHookbox() needs Hookbox's services: call builder.Services.AddHookbox() first.");

        // Handlers are resolved when a request arrives, not here: options are validated when the
        // host starts, and mapping must not fail before that with a less helpful error.
        var hookbox = endpoints.MapGroup("");
        // Every method reaches the endpoint, so a GET to a known source is answered 405, not 404.
        // Ingest's own singleton comes from the root provider, once: asking each request's services
        // for it made ASP.NET Core create a service scope for every webhook.
        IngestEndpoint? ingest = null;
        hookbox.Map("/webhooks/{source}", context => (ingest ??= services.GetRequiredService<IngestEndpoint>()).HandleAsync(context))
            .WithDisplayName("Hookbox ingest");

        var admin = hookbox.MapGroup("/api")
            .AddEndpointFilter((context, next) => ApiResponseHeaders.InvokeAsync(context, next))
            .AddEndpointFilter((context, next) => ApiErrors.InvokeAsync(context, next))
            .AddEndpointFilter((context, next) => Get<AdminAccess>(context.HttpContext).InvokeAsync(context, next));
        admin.MapGet("/events", context => Get<EventsApi>(context).ListEventsAsync(context)).WithDisplayName("Hookbox list events");
        admin.MapGet("/events/{id}", context => Get<EventsApi>(context).GetEventAsync(context)).WithDisplayName("Hookbox show event");
        admin.MapPost("/events/{id}/replay", context => Get<EventsApi>(context).ReplayAsync(context)).WithDisplayName("Hookbox replay event");
        admin.MapPost("/events/replay", context => Get<EventsApi>(context).ReplayManyAsync(context)).WithDisplayName("Hookbox replay events");
        admin.MapDelete("/events/{id}", context => Get<ErasureApi>(context).EraseEventAsync(context)).WithDisplayName("Hookbox erase event");
        admin.MapPost("/erase", context => Get<ErasureApi>(context).EraseManyAsync(context)).WithDisplayName("Hookbox erase events");
        admin.MapGet("/rejections", context => Get<EventsApi>(context).ListRejectionsAsync(context)).WithDisplayName("Hookbox rejection log");
        admin.MapGet("/stats", context => Get<StatsApi>(context).GetAsync(context)).WithDisplayName("Hookbox stats");
        admin.MapPost("/sources/{source}/catch-up", context => Get<CatchUpApi>(context).StartAsync(context)).WithDisplayName("Hookbox start catch-up");
        admin.MapGet("/sources/{source}/catch-up", context => Get<CatchUpApi>(context).ListRunsAsync(context)).WithDisplayName("Hookbox catch-up runs");

        // The admin rule, as for the API: the metrics name the sources and routes, and show the
        // traffic. Prometheus sends a bearer token with `authorization: { credentials: … }`.
        var metrics = hookbox.MapPrometheusScrapingEndpoint(MetricsPath)
            .AddEndpointFilter((context, next) => ApiResponseHeaders.InvokeAsync(context, next))
            .AddEndpointFilter((context, next) => Get<AdminAccess>(context.HttpContext).InvokeAsync(context, next))
            .WithDisplayName("Hookbox metrics");
        metrics.Add(endpoint =>
        {
            // After any /metrics the application maps itself (order 0), instead of clashing with it.
            if (endpoint is RouteEndpointBuilder route)
                route.Order = 1;
        });

        // Open to all, as load balancers and orchestrators expect, and saying nothing but a word:
        // /healthz, the process answers; /readyz, it can record events now.
        hookbox.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithDisplayName("Hookbox alive");
        hookbox.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithDisplayName("Hookbox ready");

        // Anything else under /api is answered in JSON too, not with an empty 404 or 405.
        admin.Map("/{**rest}", ApiErrors.NotFoundAsync).WithDisplayName("Hookbox unknown API path");
        return hookbox;
    }

    /// <summary>
    /// Maps the dashboard: its page at <c>/</c>, its files under <c>/_hookbox/</c>, served to
    /// anyone (they hold no data; everything the page shows comes from the API, behind the admin token). <c>hookbox serve</c> maps it; an application maps it when its root is free,
    /// since the page takes <c>/</c> (an endpoint of the application's own at <c>/</c> still wins,
    /// but a fallback page or a static <c>index.html</c> would not).
    /// </summary>
    public static IEndpointConventionBuilder MapHookboxDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<HookboxCoreServices.HookboxMarker>() is null)
            throw new InvalidOperationException("MapHookboxDashboard() needs Hookbox's services: call builder.Services.AddHookbox() first.");

        var dashboard = endpoints.MapGroup("");
        foreach (var (path, asset) in DashboardEndpoint.Assets)
        {
            // Order 1: an application's own endpoint at the same path is tried first, rather than
            // failing every request as ambiguous.
            dashboard.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], context => DashboardEndpoint.HandleAsync(context, asset))
                .WithOrder(1).WithDisplayName("Hookbox dashboard " + path);
        }

        return dashboard;
    }

    private static T Get<T>(HttpContext context)
        where T : notnull
    {
        return context.RequestServices.GetRequiredService<T>();
    }
}
