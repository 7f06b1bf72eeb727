using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>The routes, built once from validated options and handler registrations, matched against every event.</summary>
internal sealed class RouteTable
{
    private readonly Route[] _routes;

    public RouteTable(IOptions<HookboxOptions> options, IEnumerable<IRouteRegistration> registrations, IServiceProvider services)
    {
        var errors = new List<string>();
        var routes = new List<Route>();
        foreach (var (name, route) in options.Value.Routes)
        {
            if (RouteFactory.TryCreate(name, route, options.Value, errors) is { } definition)
                routes.Add(new Route(definition.Name, definition.Source, definition.Patterns, HttpDestination.Create(definition, services), definition.OrderBy, definition.Concurrency));
        }

        foreach (var registration in registrations)
        {
            if (registration.Create(options.Value, services, errors) is { } route)
                routes.Add(route);
        }

        foreach (var duplicate in routes.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"Two routes are named '{duplicate.Key}'; a handler added twice, or a configured route with a handler's name");

        // Configured routes are validated on start; handlers' routes and names are checked here.
        if (errors.Count > 0)
            throw new OptionsValidationException(HookboxOptions.SectionName, typeof(HookboxOptions), errors);

        _routes = [.. routes];
    }

    public IReadOnlyList<Route> All => _routes;

    /// <summary>The deliveries an event of <paramref name="source"/> and <paramref name="eventType"/> gets, with ordering keys read from its body.</summary>
    public IReadOnlyList<PlannedDelivery> Plan(string source, string eventType, ReadOnlyMemory<byte> body)
    {
        List<PlannedDelivery>? planned = null;
        foreach (var route in _routes)
        {
            if (route.Matches(source, eventType))
                (planned ??= []).Add(new PlannedDelivery(route.Name, route.OrderKey(body)));
        }

        return planned ?? (IReadOnlyList<PlannedDelivery>)[];
    }
}
