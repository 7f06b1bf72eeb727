namespace Bench.Naive;

/// <summary>One received webhook, one row.</summary>
internal sealed class WebhookEvent
{
    public long Id { get; set; }

    /// <summary>The body's <c>webhookId</c>; unique.</summary>
    public required string EventId { get; set; }

    /// <summary>The <c>X-Pocketsflow-Event</c> header.</summary>
    public required string Type { get; set; }

    /// <summary>The raw body as received.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
