namespace Hookbox.Storage;

/// <summary>What an attempt came to, for the store to record.</summary>
/// <param name="EventSequence">The store's key for the event.</param>
/// <param name="Route">The route's name.</param>
/// <param name="LeaseId">The lease the attempt ran under; a later lease's outcome wins.</param>
/// <param name="Status">
/// Succeeded, retrying or dead; or pending to release the lease of an attempt that was stopped
/// before it finished (shutdown): it does not count, and the delivery is due at <paramref name="NextAttemptAt"/>.
/// </param>
/// <param name="NextAttemptAt">When a retrying or released delivery runs next.</param>
/// <param name="Error">Why the attempt failed, if it did.</param>
public sealed record DeliveryOutcome(long EventSequence, string Route, string LeaseId, string Status, DateTimeOffset? NextAttemptAt, string? Error);
