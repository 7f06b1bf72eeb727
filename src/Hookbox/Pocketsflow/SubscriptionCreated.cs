namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.created</c>: a customer subscribed.</summary>
[PocketsflowEvent("customer.subscription.created")]
public sealed record SubscriptionCreated : SubscriptionEvent;
