namespace Hookbox.Storage;

/// <summary>A filter over the events, newest first.</summary>
/// <param name="Source">Only this source's events, when set.</param>
/// <param name="Type">Only events of this type, when set.</param>
/// <param name="Status">Only events in this status, when set.</param>
/// <param name="Limit">The page size.</param>
/// <param name="After">The cursor of the previous page: only events older than it.</param>
/// <param name="EventId">
/// Only events whose sender's event id starts with this text (case-sensitive), when set: a
/// whole id finds that event, the first characters of one find every id that begins so. It is
/// the dashboard's search box: people paste an id, or type the start of one.
/// </param>
/// <param name="Subject">Only events about this business key (exact), when set.</param>
/// <param name="Origin">Only events that arrived this way, when set.</param>
public sealed record EventQuery(string? Source, string? Type, EventStatus? Status, int Limit, long? After, string? EventId = null, string? Subject = null, EventOrigin? Origin = null);
