namespace Hookbox.Pocketsflow;

/// <summary>The buyer, as Pocketsflow describes them.</summary>
public sealed record PocketsflowCustomer
{
    /// <summary>The customer's id, when sent.</summary>
    public string? Id { get; init; }

    /// <summary>The customer's email address.</summary>
    public string? Email { get; init; }

    /// <summary>The customer's first name.</summary>
    public string? FirstName { get; init; }

    /// <summary>The customer's last name.</summary>
    public string? LastName { get; init; }
}
