namespace Hookbox.Storage.Relational;

/// <summary>What a bound value is, so each dialect can bind it its own way (a time is milliseconds in SQLite, a <c>timestamptz</c> in PostgreSQL).</summary>
public enum SqlType
{
    /// <summary>Text, or null.</summary>
    Text,

    /// <summary>A 32-bit integer, or null.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named for SQL's INTEGER, which is what it binds.")]
    Integer,

    /// <summary>A 64-bit integer, or null.</summary>
    BigInt,

    /// <summary>A <see cref="DateTimeOffset"/>, or null.</summary>
    Time,

    /// <summary>A <see cref="ReadOnlyMemory{T}"/> of bytes.</summary>
    Bytes,
}
