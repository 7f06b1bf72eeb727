namespace Hookbox.Storage;

/// <summary>A delivery's status. As text (SQL, JSON, metric tags) see <see cref="DeliveryStatuses"/>.</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet attempted, or leased to an attempt now running.</summary>
    Pending,

    /// <summary>An attempt succeeded.</summary>
    Succeeded,

    /// <summary>An attempt failed; another is scheduled.</summary>
    Retrying,

    /// <summary>Every attempt failed; it runs again only when replayed.</summary>
    Dead,
}
