namespace Hookbox;

/// <summary>
/// Handles the events of a route in-process, whatever their source: register it with
/// <c>AddHookbox().AddHandler&lt;THandler&gt;(source, events)</c>. It runs in the background,
/// after the sender has its 200; an exception is a failed attempt, retried with backoff.
/// Delivery is at least once: use <see cref="WebhookEvent.Id"/> to make the work idempotent.
/// </summary>
public interface IWebhookHandler
{
    /// <summary>Handles one attempt at one event.</summary>
    Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
