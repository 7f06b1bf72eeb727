namespace Hookbox;

/// <summary>How one attempt went: succeeded, or failed and why; with the exception that failed it, if one did.</summary>
internal readonly record struct AttemptResult(bool Succeeded, string? Error, Exception? Exception = null)
{
    public static AttemptResult Success { get; } = new(true, null);

    public static AttemptResult Failure(string error, Exception? exception = null) => new(false, error, exception);
}
