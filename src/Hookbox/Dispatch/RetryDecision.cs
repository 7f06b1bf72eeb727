using Microsoft.Extensions.Logging;

namespace Hookbox;

/// <summary>
/// What an attempt comes to, for the store to record, with its log line: succeeded; retrying
/// after the schedule's backoff; dead after the last allowed attempt; or released, not
/// counted, when shutdown stopped it.
/// </summary>
internal sealed class RetryDecision(RetrySchedule schedule, TimeProvider timeProvider, ILogger logger)
{
    public DeliveryOutcome Decide(string route, LeasedDelivery delivery, AttemptResult result, TimeSpan elapsed)
    {
        var summary = delivery.Event.Summary;
        var duration = (long)elapsed.TotalMilliseconds;
        if (result.Succeeded)
        {
            DispatchLog.Succeeded(logger, summary.Type, summary.EventId, route, delivery.Attempt, duration);
            return new DeliveryOutcome(delivery.EventSequence, route, delivery.LeaseId, DeliveryOutcomeKind.Succeeded, null, null);
        }

        var error = result.Error ?? "failed";
        if (schedule.IsLast(delivery.Attempt))
        {
            DispatchLog.Dead(logger, summary.Type, summary.EventId, route, delivery.Attempt, duration, error, result.Exception);
            return new DeliveryOutcome(delivery.EventSequence, route, delivery.LeaseId, DeliveryOutcomeKind.Dead, null, error);
        }

        var next = timeProvider.GetUtcNow() + schedule.DelayAfter(delivery.Attempt);
        DispatchLog.Retrying(logger, delivery.Attempt, summary.Type, summary.EventId, route, duration, error, next, result.Exception);
        return new DeliveryOutcome(delivery.EventSequence, route, delivery.LeaseId, DeliveryOutcomeKind.Retrying, next, error);
    }

    /// <summary>An attempt stopped by shutdown: its lease is released, due at once, and the attempt does not count.</summary>
    public DeliveryOutcome Release(string route, LeasedDelivery delivery)
    {
        var summary = delivery.Event.Summary;
        DispatchLog.Abandoned(logger, delivery.Attempt, summary.Type, summary.EventId, route);
        return Unstarted(route, delivery);
    }

    /// <summary>The outcome of a delivery leased but never started: released, its attempt not counted.</summary>
    public DeliveryOutcome Unstarted(string route, LeasedDelivery delivery) =>
        new(delivery.EventSequence, route, delivery.LeaseId, DeliveryOutcomeKind.Released, timeProvider.GetUtcNow(), null);
}
