namespace Hookbox.Storage.Relational;

/// <summary>What a pruned or erased event's body and headers become.</summary>
internal static class EmptiedPayload
{
    /// <summary>The body: nothing.</summary>
    public static byte[] Body { get; } = [];

    /// <summary>The headers: still a JSON object, so every reader of them works.</summary>
    public static byte[] Headers { get; } = "{}"u8.ToArray();
}
