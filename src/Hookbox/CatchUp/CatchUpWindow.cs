namespace Hookbox;

/// <summary>The span of time one look asks the sender's API about.</summary>
/// <param name="Start">The earliest time asked about (inclusive).</param>
/// <param name="End">The latest time asked about; events after it are left to the next look.</param>
public readonly record struct CatchUpWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>True when <paramref name="time"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && time <= End;
}
