namespace Hookbox.Pocketsflow;

/// <summary>The subscription plan an event is about.</summary>
public sealed record PocketsflowSubscription
{
    /// <summary>The subscription's id.</summary>
    public string? Id { get; init; }

    /// <summary>The customer's id at the payment provider.</summary>
    public string? CustomerId { get; init; }
}
