namespace Hookbox.Pocketsflow;

/// <summary>A payment attempt.</summary>
public sealed record PocketsflowPaymentIntent
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>The amount in integer cents.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The ISO currency code.</summary>
    public string? Currency { get; init; }

    /// <summary>Its status, such as <c>succeeded</c>.</summary>
    public string? Status { get; init; }
}
