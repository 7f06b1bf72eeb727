namespace Hookbox.Pocketsflow;

/// <summary>Tax on an order. Pocketsflow sends these keys in PascalCase (<c>ToCountry</c>); they are read in any case.</summary>
public sealed record PocketsflowTax
{
    /// <summary>The buyer's country.</summary>
    public string? ToCountry { get; init; }

    /// <summary>The buyer's state or region.</summary>
    public string? ToState { get; init; }

    /// <summary>The rate, such as 0.0825.</summary>
    public decimal? Rate { get; init; }

    /// <summary>The tax amount, a decimal in the currency's unit.</summary>
    public decimal? Amount { get; init; }
}
