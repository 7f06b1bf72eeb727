namespace Hookbox.Pocketsflow;

/// <summary>A one-time purchase.</summary>
public sealed record PocketsflowOrder
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>Its status, such as <c>completed</c> or <c>refunded</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The amount, a decimal in the currency's unit (29.99), as Pocketsflow documents orders.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The ISO currency code.</summary>
    public string? Currency { get; init; }
}
