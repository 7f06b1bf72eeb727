namespace Hookbox;

/// <summary>Builds what handlers receive from a leased delivery.</summary>
internal static class HandlerEvents
{
    public static WebhookEvent Raw(LeasedDelivery delivery)
    {
        var summary = delivery.Event.Summary;
        return new WebhookEvent(summary.Id, summary.Source, summary.EventId, summary.Type, summary.ReceivedAt, delivery.Attempt, delivery.Event.Body);
    }
}
