namespace Hookbox;

/// <summary>
/// Hookbox's ids for events: <c>hb_</c> and a UUIDv7 in hex, so they sort by receive time and
/// can be made on any instance without coordination.
/// </summary>
public static class HookboxId
{
    /// <summary>The prefix every Hookbox event id starts with.</summary>
    public const string Prefix = "hb_";

    /// <summary>A new id stamped with the provider's current time.</summary>
    public static string New(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return string.Create(Prefix.Length + 32, Guid.CreateVersion7(timeProvider.GetUtcNow()), static (span, guid) =>
        {
            Prefix.CopyTo(span);
            guid.TryFormat(span[Prefix.Length..], out _, "N");
        });
    }
}
