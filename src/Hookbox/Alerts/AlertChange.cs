namespace Hookbox;

/// <summary>What happened to an alert, as its sinks are told.</summary>
internal enum AlertChange
{
    /// <summary>Its rule started firing.</summary>
    Fired,

    /// <summary>It is still open a cooldown after it was last sent.</summary>
    Repeated,

    /// <summary>Its rule no longer fires.</summary>
    Resolved,
}
