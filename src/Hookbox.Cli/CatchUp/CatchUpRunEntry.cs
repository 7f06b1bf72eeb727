using System.Text.Json.Serialization;

namespace Hookbox.Cli;

/// <summary>One look at a sender's API, as <c>GET /api/sources/{source}/catch-up</c> lists it.</summary>
internal sealed record CatchUpRunEntry(
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
    [JsonIgnore]
    public bool IsFinished => FinishedAt is not null;

    [JsonIgnore]
    public bool Failed => Error is not null;
}
