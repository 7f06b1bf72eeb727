using System.Data.Common;
using Hookbox.Storage.Relational;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// PostgreSQL's dialect: tables live in the store's schema; times are <c>timestamptz</c>; a list
/// is an array parameter and a set of rows is <c>unnest</c> of one array per column; rows to
/// change are locked, with <c>SKIP LOCKED</c> where another instance's claim should be passed over.
/// </summary>
internal sealed class PostgreSqlDialect(string quotedSchema) : SqlDialect
{
    public override string Table(string name) => $"{quotedSchema}.{name}";

    public override object Bind(SqlType type, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => time.ToUniversalTime(),
        ReadOnlyMemory<byte> bytes => Blob(bytes),
        _ => value,
    };

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.GetFieldValue<DateTimeOffset>(ordinal);
    }

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string NotInList(string column, string parameter) => $"{column} <> ALL(@{parameter})";

    public override object BindList<T>(SqlType type, IEnumerable<T> values) => Array(type, [.. values.Cast<object?>()]);

    public override string Rows(SqlStatement statement, string name, int count, params RowColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
            statement.With($"{name}_{column.Name}", Array(column.Type, column.Values));

        var arrays = string.Join(", ", columns.Select(c => $"@{name}_{c.Name}::{TypeName(c.Type)}[]"));
        return $"unnest({arrays}) AS {name} ({string.Join(", ", columns.Select(c => c.Name))})";
    }

    // starts_with, not LIKE: ids are full of '_', which LIKE reads as a wildcard.
    public override string StartsWith(string column, string parameter) => $"starts_with({column}, @{parameter})";

    public override string IndexedBy(string index) => "";

    public override string SkipLocked(string? name = null) => name is null ? " FOR UPDATE SKIP LOCKED" : $" FOR UPDATE OF {name} SKIP LOCKED";

    public override string ForUpdate => " FOR UPDATE";

    public override string MinuteOf(string column) => $"floor(extract(epoch FROM {column}) / 60)::bigint";

    public override string ByteLength(string column) => $"octet_length({column})";

    // Bodies were read as UTF-8 JSON at ingest.
    public override string ContainsIgnoringCase(string column, string parameter) => $"strpos(lower(convert_from({column}, 'UTF8')), lower(@{parameter})) > 0";

    /// <summary>The PostgreSQL type of an array of <paramref name="type"/>'s elements.</summary>
    public static string TypeName(SqlType type) => type switch
    {
        SqlType.Text => "text",
        SqlType.Integer => "integer",
        SqlType.BigInt => "bigint",
        SqlType.Time => "timestamptz",
        _ => "bytea",
    };

    /// <summary>A typed array, which Npgsql binds as its PostgreSQL array type, nulls included.</summary>
    public static object Array(SqlType type, IReadOnlyList<object?> values) => Array(type, values, static v => v);

    /// <summary>A typed array of a column's values in <paramref name="rows"/>, which Npgsql binds as its PostgreSQL array type, nulls included.</summary>
    public static object Array<T>(SqlType type, IReadOnlyList<T> rows, Func<T, object?> value) => type switch
    {
        SqlType.Text => Fill(rows, row => (string?)value(row)),
        SqlType.Integer => Fill(rows, row => (int?)value(row)),
        SqlType.BigInt => Fill(rows, row => (long?)value(row)),
        SqlType.Time => Fill(rows, row => ((DateTimeOffset?)value(row))?.ToUniversalTime()),
        _ => Fill(rows, row => value(row) switch
        {
            ReadOnlyMemory<byte> bytes => Blob(bytes),
            var other => (byte[]?)other,
        }),
    };

    /// <summary>
    /// <c>unnest</c>'s arguments for one array per column, bound by position from <c>$first</c>
    /// (<c>$1::text[], $2::bigint[]</c>): a statement's text Npgsql sends as it is, where it would
    /// parse a text of named parameters anew on every execution to rewrite them.
    /// </summary>
    public static string PositionalArrays<T>(IReadOnlyList<InsertColumn<T>> columns, int first = 1) =>
        string.Join(", ", columns.Select((c, i) => $"${first + i}::{TypeName(c.Type)}[]"));

    /// <summary>Binds one array per column of <paramref name="rows"/>, in the columns' order, for <see cref="PositionalArrays"/>.</summary>
    public static void AddArrays<T>(NpgsqlParameterCollection parameters, IReadOnlyList<InsertColumn<T>> columns, IReadOnlyList<T> rows)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var column in columns)
            parameters.Add(new NpgsqlParameter { Value = Array(column.Type, rows, column.Value) });
    }

    private static TValue[] Fill<T, TValue>(IReadOnlyList<T> rows, Func<T, TValue> value)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = value(rows[i]);

        return values;
    }
}
