namespace Hookbox;

/// <summary>A delivery attempt of <paramref name="Route"/> finished, or was stopped by shutdown.</summary>
/// <param name="Route">The route's name.</param>
/// <param name="Outcome">What it came to; <see cref="DeliveryOutcomeKind.Released"/> for an attempt stopped by shutdown, which does not count and runs again.</param>
/// <param name="Elapsed">How long the attempt took.</param>
internal readonly record struct AttemptFinished(string Route, DeliveryOutcomeKind Outcome, TimeSpan Elapsed)
{
    /// <summary>Stopped by shutdown: not an attempt that counts, and it runs again.</summary>
    public bool Released => Outcome == DeliveryOutcomeKind.Released;
}
