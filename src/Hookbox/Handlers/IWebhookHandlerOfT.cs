namespace Hookbox;

/// <summary>
/// Handles events whose body is read as <typeparamref name="TEvent"/>, such as
/// <see cref="Pocketsflow.OrderCompleted"/>: register it with <c>AddHookbox().AddHandler&lt;THandler&gt;()</c>.
/// For a Pocketsflow event type the route follows from the type; for your own types, name the
/// source and events. It runs in the background; an exception is a failed attempt, retried with
/// backoff. Delivery is at least once: use <see cref="WebhookEvent.Id"/> to make the work idempotent.
/// </summary>
/// <typeparam name="TEvent">The body's type.</typeparam>
public interface IWebhookHandler<TEvent>
{
    /// <summary>Handles one attempt at one event.</summary>
    Task HandleAsync(WebhookEvent<TEvent> webhookEvent, CancellationToken cancellationToken);
}
