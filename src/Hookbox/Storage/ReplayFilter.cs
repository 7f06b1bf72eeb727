namespace Hookbox.Storage;

/// <summary>Which events a bulk replay runs again: those matching every filter given.</summary>
/// <param name="Source">Only this source's events, when set.</param>
/// <param name="Type">Only events of this type, when set.</param>
/// <param name="Status">Only events in this status, when set.</param>
public sealed record ReplayFilter(string? Source, string? Type, EventStatus? Status);
