using Hookbox.Pocketsflow;

namespace Hookbox.Samples.Courses;

/// <summary>
/// Grants the course when Pocketsflow says an order completed. Runs in the background, after
/// Pocketsflow already has its 200; if it throws, Hookbox tries again later. Granting twice is
/// harmless, which is what makes at-least-once delivery safe here.
/// </summary>
public sealed class GrantCourseAccess(CourseAccess access, ILogger<GrantCourseAccess> logger) : IWebhookHandler<OrderCompleted>
{
    public Task HandleAsync(WebhookEvent<OrderCompleted> webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var order = webhookEvent.Data;
        if (order.Customer?.Email is not { } email || order.Product?.Id is not { } course)
            throw new InvalidOperationException($"order event {webhookEvent.EventId} names no customer email or product");

        access.Grant(email, course);
        Log.Granted(logger, course, webhookEvent.EventId);
        return Task.CompletedTask;
    }
}
