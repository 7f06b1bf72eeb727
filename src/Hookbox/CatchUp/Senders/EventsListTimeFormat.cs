namespace Hookbox;

/// <summary>How an events list's "since" query parameter writes a time.</summary>
internal enum EventsListTimeFormat
{
    /// <summary>Epoch seconds: <c>unix</c>.</summary>
    Unix,

    /// <summary>Epoch milliseconds: <c>unix-ms</c>.</summary>
    UnixMilliseconds,

    /// <summary>ISO 8601 in UTC with milliseconds: <c>iso8601</c>.</summary>
    Iso8601,
}
