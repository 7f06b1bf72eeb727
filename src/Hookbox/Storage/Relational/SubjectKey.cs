using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hookbox.Storage.Relational;

/// <summary>
/// The 64-bit key an event's subject is indexed under: the first 8 bytes of the SHA-256 of the
/// subject's UTF-8, read big-endian. Subjects are customers' and objects' ids, as random as ids
/// come, so each new event lands on a leaf of its own in whatever index holds them; an index of
/// these keys is a fraction of the width of one of the text, and with a subject per event the
/// inbox writes a fifth fewer bytes per event (bench/RESULTS.md). Two subjects may share a key,
/// so every lookup by key also compares the subject itself.
/// </summary>
/// <remarks>PostgreSQL's migration 6 computes the same key in SQL for the events stored before it.</remarks>
public static class SubjectKey
{
    // Subjects are ids, tens of bytes: encoded on the stack, unless one is unusually long.
    private const int StackLimit = 256;

    /// <summary>The key of <paramref name="subject"/>.</summary>
    public static long Of(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        // The writer keys each event it inserts: a typical id is encoded without counting it first.
        Span<byte> utf8 = Encoding.UTF8.GetMaxByteCount(subject.Length) <= StackLimit
            ? stackalloc byte[StackLimit]
            : new byte[Encoding.UTF8.GetByteCount(subject)];
        utf8 = utf8[..Encoding.UTF8.GetBytes(subject, utf8)];

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    /// <summary>The key of <paramref name="subject"/>, or null for an event without one.</summary>
    public static long? OfOptional(string? subject) => subject is null ? null : Of(subject);
}
