namespace Hookbox;

/// <summary>A delivery as a sender makes it, before it signs it: what <c>hookbox send</c> posts.</summary>
/// <param name="Body">The body, byte for byte as it is sent and signed.</param>
/// <param name="EventId">The event's id, for the schemes that send it in a header (Standard Webhooks, GitHub).</param>
/// <param name="EventType">The event's type, for the schemes that send it in a header (Pocketsflow, GitHub).</param>
/// <param name="Timestamp">When the sender signs it.</param>
internal sealed record OutgoingWebhook(byte[] Body, string EventId, string EventType, DateTimeOffset Timestamp);
