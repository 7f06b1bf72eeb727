using System.Data.Common;

namespace Hookbox.Storage.Relational;

/// <summary>
/// What differs between the relational stores, and nothing else: how a table is named, how a
/// time, a list or a set of rows is bound, how a prefix is matched, and how rows are locked.
/// The statements themselves are <see cref="InboxSql"/>'s, written once.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A table's name as statements write it (PostgreSQL qualifies it with the store's schema).</summary>
    public abstract string Table(string name);

    /// <summary>A value of <paramref name="type"/> as this provider binds it; null is <see cref="DBNull"/>.</summary>
    public abstract object Bind(SqlType type, object? value);

    /// <summary>A time read back from a column this dialect bound with <see cref="Bind"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>The condition that <paramref name="column"/> is one of the list bound as <c>@<paramref name="parameter"/></c> by <see cref="BindList{T}"/>.</summary>
    public abstract string In(string column, string parameter);

    /// <summary>The condition that <paramref name="column"/> is none of the list bound as <c>@<paramref name="parameter"/></c>.</summary>
    public abstract string NotIn(string column, string parameter);

    /// <summary>A list of values (<see cref="SqlType.Text"/> or <see cref="SqlType.BigInt"/>) as one parameter.</summary>
    public abstract object BindList<T>(SqlType type, IEnumerable<T> values);

    /// <summary>
    /// A table of <paramref name="count"/> rows bound to <paramref name="statement"/>, named
    /// <paramref name="alias"/> with the columns given: the set a statement joins with, so one
    /// statement does what would otherwise be one statement per row.
    /// </summary>
    public abstract string Rows(SqlStatement statement, string alias, int count, params RowColumn[] columns);

    /// <summary>The condition that <paramref name="column"/> starts with <c>@<paramref name="parameter"/></c>, exactly: no wildcards, case-sensitive.</summary>
    public abstract string StartsWith(string column, string parameter);

    /// <summary>After a table's name: the index to use, where the planner needs telling (SQLite without statistics); empty otherwise.</summary>
    public abstract string IndexedBy(string index);

    /// <summary>At the end of a SELECT of rows to change: lock them, skipping those another transaction holds (the rows of <paramref name="alias"/>, when given). Empty for a store with one writer.</summary>
    public abstract string SkipLocked(string? alias = null);

    /// <summary>At the end of a SELECT of rows to change: lock them, waiting for other transactions. Empty for a store with one writer.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>A time column as the number of whole minutes since the Unix epoch, a 64-bit integer.</summary>
    public abstract string MinuteOf(string column);

    /// <summary>A text or bytes column's size in bytes.</summary>
    public abstract string ByteLength(string column);

    /// <summary>The condition that the UTF-8 bytes column <paramref name="column"/>, read as text and lower-cased, holds <c>lower(@<paramref name="parameter"/>)</c>.</summary>
    public abstract string ContainsIgnoringCase(string column, string parameter);

    /// <summary>A time read back, or null where the column is.</summary>
    public DateTimeOffset? ReadTimeOrNull(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);
    }

    /// <summary>Bytes as the providers bind them: a byte array, the body's own when it is exactly one.</summary>
    protected static byte[] Blob(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
}
