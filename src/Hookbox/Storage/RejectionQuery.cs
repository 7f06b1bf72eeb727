namespace Hookbox.Storage;

/// <summary>A filter over the rejection log, newest first.</summary>
/// <param name="Source">Only this source's rejections, when set.</param>
/// <param name="Limit">The page size.</param>
/// <param name="After">The cursor of the previous page: only rejections older than it.</param>
public sealed record RejectionQuery(string? Source, int Limit, long? After);
