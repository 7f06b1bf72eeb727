namespace Hookbox;

/// <summary>How a look ended and what became of each listed event, as metrics tag them.</summary>
internal static class CatchUpOutcomes
{
    /// <summary>The look read its whole window.</summary>
    public const string Completed = "completed";

    /// <summary>A listed event the inbox already had.</summary>
    public const string Present = "present";

    /// <summary>A listed event the inbox lacked, now stored.</summary>
    public const string Recovered = "recovered";

    /// <summary>A listed item that could not be read.</summary>
    public const string Malformed = "malformed";

    /// <summary>The outcome of a failed look.</summary>
    public static string Of(CatchUpFailure failure) => failure switch
    {
        CatchUpFailure.Unauthorized => "unauthorized",
        CatchUpFailure.RateLimited => "rate_limited",
        CatchUpFailure.ServerError => "server_error",
        CatchUpFailure.Timeout => "timeout",
        CatchUpFailure.Unreachable => "unreachable",
        _ => "invalid_response",
    };

    /// <summary>The inbox could not take the recovered events.</summary>
    public const string StoreUnavailable = "store_unavailable";

    /// <summary>Hookbox stopped during the look.</summary>
    public const string Stopped = "stopped";

    /// <summary>Anything else: a fault of Hookbox's own, logged with its exception.</summary>
    public const string Failed = "failed";
}
