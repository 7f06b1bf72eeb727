namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.resumed</c>: a paused subscription resumed.</summary>
[PocketsflowEvent("customer.subscription.resumed")]
public sealed record SubscriptionResumed : SubscriptionEvent;
