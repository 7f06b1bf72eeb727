namespace Hookbox;

/// <summary>An event as the list shows it.</summary>
/// <param name="Id">Hookbox's id.</param>
/// <param name="Source">The source's name.</param>
/// <param name="EventId">The sender's event id.</param>
/// <param name="Type">The event type.</param>
/// <param name="Status">See <see cref="EventStatus"/>.</param>
/// <param name="ReceivedAt">When Hookbox received it.</param>
public sealed record EventSummary(string Id, string Source, string EventId, string Type, string Status, DateTimeOffset ReceivedAt);
