namespace Hookbox;

/// <summary>An event with its body read as <typeparamref name="TEvent"/>.</summary>
/// <typeparam name="TEvent">The body's type, such as <see cref="Pocketsflow.OrderCompleted"/>.</typeparam>
public sealed record WebhookEvent<TEvent>(
    string Id,
    string Source,
    string EventId,
    string Type,
    DateTimeOffset ReceivedAt,
    int Attempt,
    ReadOnlyMemory<byte> Body,
    TEvent Data) : WebhookEvent(Id, Source, EventId, Type, ReceivedAt, Attempt, Body);
