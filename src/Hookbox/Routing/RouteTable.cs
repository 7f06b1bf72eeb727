using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>The routes, built once from validated options and handler registrations, matched against every event.</summary>
internal sealed class RouteTable
{
    private readonly Route[] _routes;

    public RouteTable(IOptions<HookboxOptions> options, IEnumerable<RouteRegistration> handlers, IServiceProvider services)
    {
        var errors = new List<string>();
        var routes = RouteFactory.Check([.. RouteFactory.Configured(options.Value, errors), .. handlers], options.Value, errors);

        // Configured routes are validated on start; handlers' routes, and names across both, are checked here.
        if (errors.Count > 0)
            throw new OptionsValidationException(HookboxOptions.SectionName, typeof(HookboxOptions), errors);

        _routes = [.. routes.Select(route => route.Build(services))];
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
