using System.Text.Json.Serialization;

namespace Hookbox;

/// <summary>One look at a sender's API, as the runs list shows it.</summary>
/// <param name="Source">The source looked up.</param>
/// <param name="StartedAt">When the look started.</param>
/// <param name="FinishedAt">When it ended; null while it runs.</param>
/// <param name="WindowStart">The earliest time it asked about.</param>
/// <param name="WindowEnd">The latest time it asked about; the next look starts from here, less the overlap, once this one completed.</param>
/// <param name="Seen">Events the API listed in the window.</param>
/// <param name="Present">Of those, events the inbox already had.</param>
/// <param name="Recovered">Of those, events the inbox lacked and that the look stored.</param>
/// <param name="Malformed">Items of the API's answers that could not be read, counted and logged, never stored.</param>
/// <param name="Error">Why the look failed, or null when it completed. A failed look moves no cursor: the next one covers its window again.</param>
/// <param name="Trigger">What started it: <c>start-up</c>, <c>schedule</c> or <c>request</c>.</param>
public sealed record CatchUpRun(
    string Source,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    int Seen,
    int Present,
    int Recovered,
    int Malformed,
    string? Error,
    string Trigger)
{
    /// <summary>True when the look ended without an error.</summary>
    [JsonIgnore] // derived: the API and `hookbox catch-up --json` carry FinishedAt and Error
    public bool Completed => FinishedAt is not null && Error is null;
}
