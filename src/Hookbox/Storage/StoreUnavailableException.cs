namespace Hookbox.Storage;

/// <summary>
/// The inbox could not make an event durable now (the store failed, is shutting down, or is
/// too far behind). Ingest answers 503 with Retry-After; the sender may try again.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
        : this("the inbox store is unavailable")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own error.</summary>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
