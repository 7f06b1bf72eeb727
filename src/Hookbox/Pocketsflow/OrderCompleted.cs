namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>order.completed</c>: a one-time purchase completed.</summary>
[PocketsflowEvent("order.completed")]
public sealed record OrderCompleted : OrderEvent;
