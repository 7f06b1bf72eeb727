namespace Hookbox;

/// <summary>A route whose settings passed every check; its target is made last, once every route of the table has.</summary>
internal sealed record CheckedRoute(
    string Name,
    string Source,
    IReadOnlyList<EventPattern> Patterns,
    JsonPointer? OrderBy,
    int Concurrency,
    Func<IServiceProvider, IDeliveryTarget> Target)
{
    public Route Build(IServiceProvider services) => new(Name, Source, Patterns, Target(services), OrderBy, Concurrency);
}
