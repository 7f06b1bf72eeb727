namespace Hookbox;

/// <summary>How an event reached the inbox.</summary>
public enum EventOrigin
{
    /// <summary>The sender delivered it: a verified webhook request.</summary>
    Webhook,

    /// <summary>A catch-up look found it in the sender's own API after its webhook never arrived.</summary>
    CatchUp,
}
