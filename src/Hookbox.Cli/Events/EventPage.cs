namespace Hookbox.Cli;

/// <summary>A page of <c>GET /api/events</c>: the events, newest first, and the cursor of the next page.</summary>
internal sealed record EventPage(IReadOnlyList<EventSummary> Items, string? Next);
