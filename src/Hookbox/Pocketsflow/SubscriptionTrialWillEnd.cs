namespace Hookbox.Pocketsflow;

/// <summary>Pocketsflow's <c>customer.subscription.trial_will_end</c>: a trial ends soon.</summary>
[PocketsflowEvent("customer.subscription.trial_will_end")]
public sealed record SubscriptionTrialWillEnd : SubscriptionEvent
{
    /// <summary>When the trial ends, when sent: as Pocketsflow sends it (the format is not documented: a date string or epoch number).</summary>
    public System.Text.Json.JsonElement? TrialEnd { get; init; }
}
