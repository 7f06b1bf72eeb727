using Hookbox.Pocketsflow;

namespace Hookbox.Samples.Courses;

/// <summary>Takes the course back when the order is refunded.</summary>
public sealed class RevokeCourseAccess(CourseAccess access, ILogger<RevokeCourseAccess> logger) : IWebhookHandler<OrderRefunded>
{
    public Task HandleAsync(WebhookEvent<OrderRefunded> webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        if (webhookEvent.Data.Customer?.Email is { } email && webhookEvent.Data.Product?.Id is { } course)
        {
            access.Revoke(email, course);
            Log.Revoked(logger, course, webhookEvent.EventId);
        }

        return Task.CompletedTask;
    }
}
