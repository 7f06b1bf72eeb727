using Hookbox;
using Hookbox.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Hookbox's endpoints.</summary>
public static class HookboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /webhooks/{source}</c> (ingest) and <c>/api/…</c> (events API, behind the
    /// admin rule). Returns the group, so conventions can be added to every Hookbox endpoint.
    /// </summary>
    public static IEndpointConventionBuilder MapHookbox(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<HookboxCoreServices.HookboxMarker>() is null)
            throw new InvalidOperationException("MapHookbox() needs Hookbox's services: call builder.Services.AddHookbox() first.");

        var ingest = services.GetRequiredService<IngestEndpoint>();
        var api = services.GetRequiredService<EventsApi>();

        var hookbox = endpoints.MapGroup("");
        // Every method reaches the endpoint, so a GET to a known source is answered 405, not 404.
        hookbox.Map("/webhooks/{source}", ingest.HandleAsync).WithDisplayName("Hookbox ingest");

        var admin = hookbox.MapGroup("/api").AddEndpointFilter(services.GetRequiredService<AdminAccess>());
        admin.MapGet("/events", api.ListEventsAsync).WithDisplayName("Hookbox list events");
        admin.MapGet("/events/{id}", api.GetEventAsync).WithDisplayName("Hookbox show event");
        admin.MapGet("/rejections", api.ListRejectionsAsync).WithDisplayName("Hookbox rejection log");
        return hookbox;
    }
}
