namespace Hookbox.Storage;

/// <summary>One page of a newest-first listing.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="Next">The cursor to pass as <c>after</c> for the next page, or null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? Next);
