namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.pause</c>: a subscription was paused (Pocketsflow spells it both ways).</summary>
[PocketsflowEvent("customer.subscription.pause", "customer.subscription.paused")]
public sealed record SubscriptionPaused : SubscriptionEvent;
