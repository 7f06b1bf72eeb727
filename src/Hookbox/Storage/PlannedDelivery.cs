namespace Hookbox.Storage;

/// <summary>A delivery decided when an event is recorded: the route it goes to and, for ordered routes, its ordering key.</summary>
/// <param name="Route">The route's name.</param>
/// <param name="OrderKey">The value of the route's <c>OrderBy</c> pointer in the body, when it has one.</param>
public sealed record PlannedDelivery(string Route, string? OrderKey);
