namespace Hookbox;

/// <summary>Turns a route's options into a <see cref="RouteDefinition"/>, or into messages naming each bad key.</summary>
internal static class RouteFactory
{
    public static RouteDefinition? TryCreate(string name, RouteOptions options, HookboxOptions hookbox, ICollection<string> errors)
    {
        var key = $"{HookboxOptions.SectionName}:Routes:{name}";
        var before = errors.Count;

        if (string.IsNullOrWhiteSpace(options.Source))
            errors.Add($"{key}:Source is not set; name the source whose events this route takes");
        else if (!hookbox.Sources.ContainsKey(options.Source))
            errors.Add($"{key}:Source '{options.Source}' is not a configured source; configure Hookbox:Sources:{options.Source} or fix the name");

        var patterns = Patterns(key, options.Events, errors);

        DestinationUrl? url = null;
        if (string.IsNullOrWhiteSpace(options.Url))
            errors.Add($"{key}:Url is not set; give the destination's address, such as http://127.0.0.1:9000/orders");
        else if ((url = DestinationUrl.TryParse(options.Url)) is null)
            errors.Add($"{key}:Url '{DestinationUrl.Redact(options.Url)}' is not an absolute http or https address");

        byte[]? signingKey = null;
        if (string.IsNullOrWhiteSpace(options.Secret))
            errors.Add($"{key}:Secret is not set; give the Standard Webhooks secret (whsec_ and base64) the destination verifies with");
        else if ((signingKey = StandardWebhooksSignatureScheme.KeyFromSecret(options.Secret.Trim())) is null)
            errors.Add($"{key}:Secret is not a Standard Webhooks secret: expected whsec_ followed by base64");

        var orderBy = OrderBy(key, options.OrderBy, errors);
        var concurrency = options.Concurrency ?? hookbox.Dispatch.RouteConcurrency;
        if (concurrency < 1)
            errors.Add($"{key}:Concurrency must be 1 or more, not {concurrency}");

        // No error was added, so every value read above is set.
        return errors.Count == before
            ? new RouteDefinition(name.ToLowerInvariant(), options.Source!.ToLowerInvariant(), patterns, url!, signingKey!, orderBy, concurrency)
            : null;
    }

    public static List<EventPattern> Patterns(string key, IReadOnlyList<string> events, ICollection<string> errors)
    {
        var patterns = new List<EventPattern>(events.Count);
        if (events.Count == 0)
            errors.Add($"{key}:Events is empty; list event types or patterns such as order.* (or * for every event)");

        for (var i = 0; i < events.Count; i++)
        {
            if (EventPattern.TryParse(events[i]) is { } pattern)
                patterns.Add(pattern);
            else
                errors.Add($"{key}:Events:{i} '{events[i]}' is not a pattern: use an event type, a prefix such as order.*, or *");
        }

        return patterns;
    }

    public static JsonPointer? OrderBy(string key, string? orderBy, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(orderBy))
            return null;

        var pointer = JsonPointer.TryParse(orderBy.Trim());
        if (pointer is null)
            errors.Add($"{key}{(key.EndsWith(')') ? ": " : ":")}OrderBy '{orderBy}' is not a JSON pointer; write it like /subscription/id");

        return pointer;
    }
}
