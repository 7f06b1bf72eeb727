namespace Hookbox;

/// <summary>An event as a handler receives it: its ids, where it came from, which attempt this is, and its body.</summary>
/// <param name="Id">Hookbox's id: the same on every attempt, so a handler can make its work idempotent with it.</param>
/// <param name="Source">The source's name.</param>
/// <param name="EventId">The sender's id for the event.</param>
/// <param name="Type">The event type.</param>
/// <param name="ReceivedAt">When Hookbox received it.</param>
/// <param name="Attempt">This attempt's number, the first being 1.</param>
/// <param name="Body">The raw body, byte for byte as received.</param>
public record WebhookEvent(string Id, string Source, string EventId, string Type, DateTimeOffset ReceivedAt, int Attempt, ReadOnlyMemory<byte> Body);
