namespace Hookbox.Storage;

/// <summary>The query side of the inbox: what the events API, the dashboard and the CLI read.</summary>
public interface IInboxQueries
{
    /// <summary>Events matching <paramref name="query"/>, newest first, one page at a time.</summary>
    Task<Page<EventSummary>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>One event with its payload and headers, or null when no event has that id.</summary>
    Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken);

    /// <summary>Refused requests, newest first, one page at a time.</summary>
    Task<Page<StoredRejection>> ListRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken);
}
