namespace Hookbox;

/// <summary>Why a look at a sender's API failed.</summary>
public enum CatchUpFailure
{
    /// <summary>401 or 403: the API key is wrong or lacks the permission. Retrying will not help.</summary>
    Unauthorized,

    /// <summary>429 that outlasted the retries.</summary>
    RateLimited,

    /// <summary>5xx that outlasted the retries, or another status the API should not answer.</summary>
    ServerError,

    /// <summary>The API did not answer in time.</summary>
    Timeout,

    /// <summary>The API could not be reached: DNS, connection refused, TLS.</summary>
    Unreachable,

    /// <summary>An answer that is not the documented shape (not JSON, no list where one belongs).</summary>
    InvalidResponse,
}
