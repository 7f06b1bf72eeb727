namespace Hookbox;

/// <summary>Pocketsflow's <c>customer.subscription.trial_will_end</c>: a trial ends soon.</summary>
[PocketsflowEvent("customer.subscription.trial_will_end")]
public sealed record SubscriptionTrialWillEnd : SubscriptionEvent
{
    /// <summary>When the trial ends, when sent.</summary>
    public DateTimeOffset? TrialEnd { get; init; }
}
