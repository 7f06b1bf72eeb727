namespace Hookbox;

/// <summary>What Hookbox needs to know about an event before recording it: the sender's id and the type.</summary>
/// <param name="EventId">The sender's id for the event; unique per source, what duplicates are detected by.</param>
/// <param name="EventType">The event type that routes it, such as <c>order.completed</c>.</param>
public sealed record EventEnvelope(string EventId, string EventType);
