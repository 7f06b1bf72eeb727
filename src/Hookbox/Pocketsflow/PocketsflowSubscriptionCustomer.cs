namespace Hookbox.Pocketsflow;

/// <summary>One customer's subscription: its state.</summary>
public sealed record PocketsflowSubscriptionCustomer
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>Its status, such as <c>active</c>, <c>canceled</c>, <c>past_due</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Whether it grants access now.</summary>
    public bool? Active { get; init; }

    /// <summary>Whether it ends at the end of the period.</summary>
    public bool? CancelAtPeriodEnd { get; init; }

    /// <summary>Whether it is paused.</summary>
    public bool? Paused { get; init; }
}
