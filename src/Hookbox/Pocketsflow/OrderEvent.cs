namespace Hookbox.Pocketsflow;

/// <summary>The body of Pocketsflow's order events.</summary>
public abstract record OrderEvent : PocketsflowEvent
{
    /// <summary>The order.</summary>
    public PocketsflowOrder? Order { get; init; }

    /// <summary>What was bought.</summary>
    public PocketsflowProduct? Product { get; init; }

    /// <summary>Tax on the order.</summary>
    public PocketsflowTax? Tax { get; init; }

    /// <summary>The amount, when sent beside the order: a decimal in the currency's unit.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The ISO currency code, when sent beside the order.</summary>
    public string? Currency { get; init; }
}
