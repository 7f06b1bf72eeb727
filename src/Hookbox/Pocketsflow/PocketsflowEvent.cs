using System.Text.Json;

namespace Hookbox.Pocketsflow;

/// <summary>What every Pocketsflow body may carry. Fields Pocketsflow adds later are ignored, never an error.</summary>
public abstract record PocketsflowEvent
{
    /// <summary>The event id Hookbox deduplicates on.</summary>
    public string? WebhookId { get; init; }

    /// <summary>The event type, when the body carries it (the header always does).</summary>
    public string? Event { get; init; }

    /// <summary>The buyer.</summary>
    public PocketsflowCustomer? Customer { get; init; }

    /// <summary>Your id for the buyer, passed to Pocketsflow's checkout.</summary>
    public string? ClientReferenceId { get; init; }

    /// <summary>Your metadata, passed to Pocketsflow's checkout.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
