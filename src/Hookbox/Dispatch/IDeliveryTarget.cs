namespace Hookbox;

/// <summary>Where a route's deliveries go: an HTTP destination or an in-process handler.</summary>
internal interface IDeliveryTarget
{
    /// <summary>
    /// True when <see cref="DeliverAsync"/> reaches its first real wait without blocking or long
    /// computing (Hookbox's own HTTP destination): the runner then starts it on its own thread
    /// instead of queueing it to the thread pool. A user's handler may do anything first.
    /// </summary>
    bool StartsWithoutBlocking => false;

    /// <summary>
    /// Makes one attempt. A failure the target understands (a non-2xx answer) is a failed
    /// result; an exception is a failed attempt too, its message the error.
    /// </summary>
    Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken);
}
