namespace Hookbox;

/// <summary>A route to an in-process handler, added with <c>AddHandler&lt;THandler&gt;()</c>.</summary>
internal sealed class HandlerRegistration(
    string handler,
    string source,
    IReadOnlyList<string> events,
    HandlerRouteOptions settings,
    Func<IServiceProvider, IDeliveryTarget> target) : IRouteRegistration
{
    public Route? Create(HookboxOptions options, IServiceProvider services, ICollection<string> errors)
    {
        var key = $"AddHandler<{handler}>()";
        var name = (settings.Name ?? handler).ToLowerInvariant();
        var before = errors.Count;
        if (!options.Sources.ContainsKey(source))
            errors.Add($"{key}: the source '{source}' is not configured; configure Hookbox:Sources:{source} or name another source");

        if (options.Routes.ContainsKey(name))
            errors.Add($"{key}: Hookbox:Routes:{name} has the same name; rename one of them");

        var patterns = RouteFactory.Patterns(key, events, errors);
        var orderBy = RouteFactory.OrderBy(key, settings.OrderBy, errors);
        var concurrency = settings.Concurrency ?? options.Dispatch.RouteConcurrency;
        if (concurrency < 1)
            errors.Add($"{key}: Concurrency must be 1 or more, not {concurrency}");

        return errors.Count == before
            ? new Route(name, source.ToLowerInvariant(), patterns, target(services), orderBy, concurrency)
            : null;
    }
}
