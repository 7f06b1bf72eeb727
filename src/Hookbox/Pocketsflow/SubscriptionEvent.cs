namespace Hookbox.Pocketsflow;

/// <summary>The body of Pocketsflow's subscription events (and, with an amount, its invoice events).</summary>
public abstract record SubscriptionEvent : PocketsflowEvent
{
    /// <summary>The subscription plan.</summary>
    public PocketsflowSubscription? Subscription { get; init; }

    /// <summary>The customer's subscription and its state.</summary>
    public PocketsflowSubscriptionCustomer? SubscriptionCustomer { get; init; }

    /// <summary>The subscription's status.</summary>
    public string? Status { get; init; }

    /// <summary>How the customer pays; null when removed.</summary>
    public PocketsflowPaymentMethod? PaymentMethod { get; init; }

    /// <summary>The customer's portal.</summary>
    public string? PortalUrl { get; init; }

    /// <summary>The customer's subscription id.</summary>
    public string? SubscriptionCustomerId { get; init; }
}
