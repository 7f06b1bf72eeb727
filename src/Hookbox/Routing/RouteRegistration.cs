namespace Hookbox;

/// <summary>
/// A route as declared, in configuration (<c>Hookbox:Routes</c>) or in code
/// (<c>AddHandler&lt;T&gt;()</c>), before <see cref="RouteFactory"/> checks it. Every route has
/// these settings and follows the same rules; the kinds differ only in how their
/// <see cref="Target"/> is made.
/// </summary>
internal sealed record RouteRegistration(
    RouteKey Key,
    string Name,
    string? Source,
    IReadOnlyList<string> Events,
    string? OrderBy,
    int? Concurrency,
    Func<IServiceProvider, IDeliveryTarget> Target);
