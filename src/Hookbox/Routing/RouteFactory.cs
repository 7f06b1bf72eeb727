namespace Hookbox;

/// <summary>
/// Builds routes one way, whichever kind they are: the rules every route follows are here once
/// (name and source in lower case, a configured source, one name per route, event patterns, the
/// ordering pointer, a concurrency of 1 or more), each failure a message naming the setting.
/// Configured routes deliver to HTTP destinations; handlers' routes are made by <see cref="HandlerRoutes"/>.
/// </summary>
internal static class RouteFactory
{
    /// <summary>The routes of <c>Hookbox:Routes</c>, with their destinations' settings checked.</summary>
    public static List<RouteRegistration> Configured(HookboxOptions hookbox, ICollection<string> errors) =>
        [.. hookbox.Routes.Select(route => Configured(route.Key, route.Value, errors))];

    /// <summary>A configured route: its events are POSTed to <see cref="RouteOptions.Url"/>, signed under <see cref="RouteOptions.Secret"/>.</summary>
    public static RouteRegistration Configured(string name, RouteOptions options, ICollection<string> errors)
    {
        var key = RouteKey.Configured(name);

        DestinationUrl? url = null;
        if (string.IsNullOrWhiteSpace(options.Url))
            errors.Add($"{key.Of("Url")} is not set; give the destination's address, such as http://127.0.0.1:9000/orders");
        else if ((url = DestinationUrl.TryParse(options.Url)) is null)
            errors.Add($"{key.Of("Url")} '{DestinationUrl.Redact(options.Url)}' is not an absolute http or https address");

        byte[]? signingKey = null;
        if (string.IsNullOrWhiteSpace(options.Secret))
            errors.Add($"{key.Of("Secret")} is not set; give the Standard Webhooks secret (whsec_ and base64) the destination verifies with");
        else if ((signingKey = StandardWebhooksSignatureScheme.KeyFromSecret(options.Secret.Trim())) is null)
            errors.Add($"{key.Of("Secret")} is not a Standard Webhooks secret: expected whsec_ followed by base64");

        // Targets are made only when no route had an error (RouteTable throws first), so both are set then.
        return new RouteRegistration(key, name, options.Source, options.Events, options.OrderBy, options.Concurrency,
            services => HttpDestination.Create(new DestinationSettings(url!, signingKey!), services));
    }

    /// <summary>The routes whose settings are all right; every other setting gets a message in <paramref name="errors"/>.</summary>
    public static List<CheckedRoute> Check(IReadOnlyList<RouteRegistration> routes, HookboxOptions hookbox, ICollection<string> errors)
    {
        var checkedRoutes = new List<CheckedRoute>(routes.Count);
        foreach (var route in routes)
        {
            if (TryCheck(route, hookbox, errors) is { } checkedRoute)
                checkedRoutes.Add(checkedRoute);
        }

        foreach (var clash in routes.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"Two routes are named '{clash.Key.ToLowerInvariant()}' ({string.Join(", ", clash.Select(r => r.Key))}); rename one of them, or add a handler only once");

        return checkedRoutes;
    }

    private static CheckedRoute? TryCheck(RouteRegistration route, HookboxOptions hookbox, ICollection<string> errors)
    {
        var key = route.Key;
        var before = errors.Count;

        if (string.IsNullOrWhiteSpace(route.Source))
            errors.Add($"{key.Of("Source")} is not set; name the source whose events this route takes");
        else if (!hookbox.Sources.ContainsKey(route.Source))
            errors.Add($"{key.Of("Source")} '{route.Source}' is not a configured source; configure {HookboxOptions.SectionName}:Sources:{route.Source} or fix the name");

        var patterns = Patterns(key, route.Events, errors);
        var orderBy = OrderBy(key, route.OrderBy, errors);
        var concurrency = route.Concurrency ?? hookbox.Dispatch.RouteConcurrency;
        if (concurrency < 1)
            errors.Add($"{key.Of("Concurrency")} must be 1 or more, not {concurrency}");

        // No error was added, so the source is set.
        return errors.Count == before
            ? new CheckedRoute(route.Name.ToLowerInvariant(), route.Source!.ToLowerInvariant(), patterns, orderBy, concurrency, route.Target)
            : null;
    }

    private static List<EventPattern> Patterns(RouteKey key, IReadOnlyList<string> events, ICollection<string> errors)
    {
        var patterns = new List<EventPattern>(events.Count);
        if (events.Count == 0)
            errors.Add($"{key.Of("Events")} is empty; list event types or patterns such as order.* (or * for every event)");

        for (var i = 0; i < events.Count; i++)
        {
            if (EventPattern.TryParse(events[i]) is { } pattern)
                patterns.Add(pattern);
            else
                errors.Add($"{key.Of($"Events:{i}")} '{events[i]}' is not a pattern: use an event type, a prefix such as order.*, or *");
        }

        return patterns;
    }

    private static JsonPointer? OrderBy(RouteKey key, string? orderBy, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(orderBy))
            return null;

        var pointer = JsonPointer.TryParse(orderBy.Trim());
        if (pointer is null)
            errors.Add($"{key.Of("OrderBy")} '{orderBy}' is not a JSON pointer; write it like /subscription/id");

        return pointer;
    }
}
