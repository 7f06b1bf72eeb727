namespace Hookbox;

/// <summary>What asking for a look now came to.</summary>
public enum CatchUpStart
{
    /// <summary>The look started.</summary>
    Started,

    /// <summary>A look of that source is running already (here or on another instance).</summary>
    AlreadyRunning,

    /// <summary>No source of that name is configured.</summary>
    UnknownSource,

    /// <summary>The source has no <c>CatchUp</c> section.</summary>
    NotConfigured,
}
