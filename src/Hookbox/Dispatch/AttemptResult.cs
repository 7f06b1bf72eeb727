namespace Hookbox;

/// <summary>How one attempt went: succeeded, or failed and why.</summary>
internal readonly record struct AttemptResult(bool Succeeded, string? Error)
{
    public static AttemptResult Success { get; } = new(true, null);

    public static AttemptResult Failure(string error) => new(false, error);
}
