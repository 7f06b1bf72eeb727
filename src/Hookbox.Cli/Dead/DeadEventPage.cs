namespace Hookbox.Cli;

/// <summary>A page of dead events, shaped like the events API's pages.</summary>
internal sealed record DeadEventPage(IReadOnlyList<DeadEvent> Items, string? Next);
