namespace Hookbox.Storage;

/// <summary>A delivery's status.</summary>
public static class DeliveryStatus
{
    /// <summary>Not yet attempted, or leased to an attempt now running.</summary>
    public const string Pending = "pending";

    /// <summary>An attempt succeeded.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>An attempt failed; another is scheduled.</summary>
    public const string Retrying = "retrying";

    /// <summary>Every attempt failed; it runs again only when replayed.</summary>
    public const string Dead = "dead";
}
