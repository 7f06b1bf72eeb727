namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.updated</c>: a subscription changed.</summary>
[PocketsflowEvent("customer.subscription.updated")]
public sealed record SubscriptionUpdated : SubscriptionEvent;
