namespace Hookbox.Storage;

/// <summary>One delivery of an event, as the events API shows it.</summary>
/// <param name="Route">The route's name.</param>
/// <param name="Status">See <see cref="DeliveryStatus"/>.</param>
/// <param name="Attempts">Attempts started so far.</param>
/// <param name="LastError">Why the last failed attempt failed, if one did.</param>
/// <param name="NextAttemptAt">When it runs next, while it is pending or retrying.</param>
public sealed record DeliveryInfo(string Route, DeliveryStatus Status, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt);
