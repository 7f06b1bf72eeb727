namespace Hookbox.Storage.Relational;

/// <summary>What a bound value is, so each dialect can bind it its own way (a time is milliseconds in SQLite, a <c>timestamptz</c> in PostgreSQL).</summary>
internal enum SqlType
{
    /// <summary>Text, or null.</summary>
    Text,

    /// <summary>A 32-bit integer, or null.</summary>
    Integer,

    /// <summary>A 64-bit integer, or null.</summary>
    BigInt,

    /// <summary>A <see cref="DateTimeOffset"/>, or null.</summary>
    Time,

    /// <summary>A <see cref="ReadOnlyMemory{T}"/> of bytes.</summary>
    Bytes,
}
