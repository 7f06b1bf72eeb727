namespace Hookbox.Pocketsflow;

/// <summary>The card or other method a customer pays with.</summary>
public sealed record PocketsflowPaymentMethod
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>Its type, such as <c>card</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The card brand.</summary>
    public string? Brand { get; init; }

    /// <summary>The card's last four digits.</summary>
    public string? Last4 { get; init; }

    /// <summary>The expiry month.</summary>
    public int? ExpMonth { get; init; }

    /// <summary>The expiry year.</summary>
    public int? ExpYear { get; init; }
}
