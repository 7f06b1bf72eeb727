namespace Hookbox;

/// <summary>Where a route's deliveries go: an HTTP destination or an in-process handler.</summary>
internal interface IDeliveryTarget
{
    /// <summary>
    /// Makes one attempt. A failure the target understands (a non-2xx answer) is a failed
    /// result; an exception is a failed attempt too, its message the error.
    /// </summary>
    Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken);
}
