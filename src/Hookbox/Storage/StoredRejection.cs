namespace Hookbox.Storage;

/// <summary>An entry of the rejection log.</summary>
/// <param name="Sequence">Its position in the log; the cursor.</param>
/// <param name="Rejection">What was refused and why.</param>
public sealed record StoredRejection(long Sequence, Rejection Rejection);
