namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.deleted</c>: a subscription ended.</summary>
[PocketsflowEvent("customer.subscription.deleted")]
public sealed record SubscriptionDeleted : SubscriptionEvent;
