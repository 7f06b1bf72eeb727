namespace Hookbox;

/// <summary>
/// The <c>error</c> codes of Hookbox's JSON error answers and rejection log: stable strings a
/// sender's operator and scripts can rely on.
/// </summary>
public static class ErrorCodes
{
    /// <summary>404: no source of that name.</summary>
    public const string UnknownSource = "unknown_source";

    /// <summary>405: webhooks are POSTed.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>415: the content type is not JSON.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>413: the body is larger than the source allows.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>401: no signature (or a header it depends on) was sent.</summary>
    public const string MissingSignature = "missing_signature";

    /// <summary>401: the signature is unreadable or matches none of the source's secrets.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>401: the signed timestamp is outside the source's tolerance.</summary>
    public const string TimestampOutOfTolerance = "timestamp_out_of_tolerance";

    /// <summary>400: the body is not JSON.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>400: the source needs an event id and the request has none.</summary>
    public const string MissingEventId = "missing_event_id";

    /// <summary>400: the source needs an event type and the request has none.</summary>
    public const string MissingEventType = "missing_event_type";

    /// <summary>
    /// 400: the event id or type cannot be stored or passed on: longer than 256 characters, or
    /// holding anything but printable ASCII (it travels in the headers of every delivery).
    /// </summary>
    public const string InvalidEnvelope = "invalid_envelope";

    /// <summary>400: an unsigned header names another event id or type than the signed body.</summary>
    public const string EnvelopeMismatch = "envelope_mismatch";

    /// <summary>503: the inbox cannot record the event now; retry later.</summary>
    public const string StoreUnavailable = "store_unavailable";

    /// <summary>500 (API) or 503 (ingest): a fault of Hookbox's own; the details are in its log.</summary>
    public const string InternalError = "internal_error";

    /// <summary>400: a query parameter of the API is not valid.</summary>
    public const string InvalidQuery = "invalid_query";

    /// <summary>404: no event with that id.</summary>
    public const string NotFound = "not_found";

    /// <summary>409: retention pruned the event's payload, so there is nothing to replay.</summary>
    public const string PayloadPruned = "payload_pruned";

    /// <summary>409: the event's payload was erased on request, so there is nothing to replay.</summary>
    public const string Erased = "erased";

    /// <summary>401: the admin API needs the bearer token.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: a web page of another site tried to change something through the API.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>429: this client address failed admin authentication too often; retry after <c>Retry-After</c> seconds.</summary>
    public const string TooManyAdminAttempts = "too_many_admin_attempts";

    /// <summary>400: the body of an API request is not what the endpoint takes.</summary>
    public const string InvalidBody = "invalid_body";

    /// <summary>404: the source has no <c>CatchUp</c> section, so there is no sender's API to look at.</summary>
    public const string CatchUpNotConfigured = "catch_up_not_configured";

    /// <summary>409: a look at the source's API is running already; its outcome will be in the runs list.</summary>
    public const string CatchUpRunning = "catch_up_running";

    /// <summary>429: this client address collected too many refusals lately; retry after the Retry-After seconds.</summary>
    public const string TooManyRefusals = "too_many_refusals";

    /// <summary>429: the source's configured rate limit for signed deliveries is crossed; retry after the Retry-After seconds.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The error code for a failed verification.</summary>
    internal static string For(VerificationStatus status) => status switch
    {
        VerificationStatus.MissingSignature => MissingSignature,
        VerificationStatus.TimestampOutOfTolerance => TimestampOutOfTolerance,
        _ => InvalidSignature,
    };
}
