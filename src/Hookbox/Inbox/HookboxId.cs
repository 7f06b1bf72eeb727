using System.Buffers.Binary;

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

        // The UUIDv7 layout (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Built
        // here rather than with Guid.CreateVersion7, which asks the kernel for random bytes on
        // every call: an id needs to be unique, not unpredictable, and the ingest path is hot.
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, timeProvider.GetUtcNow().ToUnixTimeMilliseconds() << 16);
        Random.Shared.NextBytes(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        Span<char> id = stackalloc char[Prefix.Length + 32];
        Prefix.CopyTo(id);
        Convert.TryToHexStringLower(bytes, id[Prefix.Length..], out _);
        return new string(id);
    }

    /// <summary>
    /// The lowest id that can be minted at <paramref name="time"/> or later: ids sort by receive
    /// time, so <c>id &gt;= Floor(t)</c> finds what arrived since <c>t</c> through the id's index.
    /// </summary>
    public static string Floor(DateTimeOffset time) =>
        Prefix + Convert.ToHexStringLower(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(time.ToUnixTimeMilliseconds() << 16))) + new string('0', 16);
}
