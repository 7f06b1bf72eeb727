namespace Hookbox;

/// <summary>A validated route from configuration, before it is bound to its destination.</summary>
internal sealed record RouteDefinition(
    string Name,
    string Source,
    IReadOnlyList<EventPattern> Patterns,
    DestinationUrl Url,
    byte[] SigningKey,
    JsonPointer? OrderBy,
    int Concurrency);
