namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>order.refunded</c>: a one-time purchase was refunded.</summary>
[PocketsflowEvent("order.refunded")]
public sealed record OrderRefunded : OrderEvent;
