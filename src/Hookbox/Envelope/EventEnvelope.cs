namespace Hookbox;

/// <summary>What Hookbox needs to know about an event before recording it: the sender's id and the type.</summary>
/// <param name="EventId">The sender's id for the event; unique per source, what duplicates are detected by.</param>
/// <param name="EventType">The event type that routes it, such as <c>order.completed</c>.</param>
/// <param name="Subject">
/// The business key the event is about, when the source knows where to find one: the Pocketsflow
/// order or subscription, Stripe's <c>data.object.id</c>. Searchable, and how a catch-up look
/// tells whether an order it finds in the sender's API already has its event.
/// </param>
public sealed record EventEnvelope(string EventId, string EventType, string? Subject = null);
