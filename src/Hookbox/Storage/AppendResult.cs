namespace Hookbox.Storage;

/// <summary>The answer to one append: accepted under its own id, or a duplicate of the event first recorded under <paramref name="Id"/>.</summary>
/// <param name="Status">Accepted or duplicate.</param>
/// <param name="Id">The Hookbox id of the stored event: the new one, or the first copy's.</param>
public readonly record struct AppendResult(AppendStatus Status, string Id);
