namespace Hookbox.Pocketsflow;

/// <summary>The body of Pocketsflow's invoice events.</summary>
public abstract record InvoiceEvent : SubscriptionEvent
{
    /// <summary>The amount in integer cents (1500 is 15.00), as Pocketsflow sends invoices.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The ISO currency code.</summary>
    public string? Currency { get; init; }
}
