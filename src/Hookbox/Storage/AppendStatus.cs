namespace Hookbox.Storage;

/// <summary>What appending an event to the inbox did.</summary>
public enum AppendStatus
{
    /// <summary>The event is new and is now durable.</summary>
    Accepted,

    /// <summary>The source already recorded an event with this id; nothing was written.</summary>
    Duplicate,
}
