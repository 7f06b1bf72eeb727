namespace Hookbox.Pocketsflow;

/// <summary>What was bought.</summary>
public sealed record PocketsflowProduct
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>Its name.</summary>
    public string? Name { get; init; }

    /// <summary>Its price, a decimal in the currency's unit.</summary>
    public decimal? Price { get; init; }
}
