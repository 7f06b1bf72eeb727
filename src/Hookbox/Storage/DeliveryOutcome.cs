namespace Hookbox.Storage;

/// <summary>What an attempt came to, for the store to record.</summary>
/// <param name="EventSequence">The store's key for the event.</param>
/// <param name="Route">The route's name.</param>
/// <param name="LeaseId">The lease the attempt ran under; a later lease's outcome wins.</param>
/// <param name="Kind">Succeeded, retrying, dead, or released (see <see cref="DeliveryOutcomeKind.Released"/>).</param>
/// <param name="NextAttemptAt">When a retrying or released delivery runs next.</param>
/// <param name="Error">Why the attempt failed, if it did.</param>
public sealed record DeliveryOutcome(long EventSequence, string Route, string LeaseId, DeliveryOutcomeKind Kind, DateTimeOffset? NextAttemptAt, string? Error)
{
    /// <summary>
    /// The outcome as text, for metric and trace tags and logs only: <c>succeeded</c>,
    /// <c>retrying</c>, <c>dead</c> or <c>released</c>. The store reads <see cref="Kind"/>.
    /// </summary>
    public string Status => Text(Kind);

    /// <summary>An outcome as text, for metric and trace tags and logs only.</summary>
    public static string Text(DeliveryOutcomeKind kind) => kind switch
    {
        DeliveryOutcomeKind.Succeeded => DeliveryStatuses.Succeeded,
        DeliveryOutcomeKind.Retrying => DeliveryStatuses.Retrying,
        DeliveryOutcomeKind.Dead => DeliveryStatuses.Dead,
        _ => HookboxMetrics.Outcomes.Released,
    };

    /// <summary>The status the delivery takes, or null for a released attempt, which leaves it as it was.</summary>
    public DeliveryStatus? NewStatus => Kind switch
    {
        DeliveryOutcomeKind.Succeeded => DeliveryStatus.Succeeded,
        DeliveryOutcomeKind.Retrying => DeliveryStatus.Retrying,
        DeliveryOutcomeKind.Dead => DeliveryStatus.Dead,
        _ => null,
    };
}
