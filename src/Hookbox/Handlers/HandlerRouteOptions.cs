namespace Hookbox;

/// <summary>Settings of the route an in-process handler is given.</summary>
public sealed class HandlerRouteOptions
{
    /// <summary>The route's name, as deliveries and the events API show it. Default: the handler type's name, in lower case.</summary>
    public string? Name { get; set; }

    /// <summary>A JSON pointer into the body: events that share its value are handled one at a time, in receive order. Default: none.</summary>
    public string? OrderBy { get; set; }

    /// <summary>The most events this handler handles at once. Default: <c>Dispatch:RouteConcurrency</c>.</summary>
    public int? Concurrency { get; set; }
}
