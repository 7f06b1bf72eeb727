using System.Data.Common;
using System.Text;
using System.Text.Json;
using Hookbox.Storage.Relational;
using SQLitePCL;

namespace Hookbox.Sqlite;

/// <summary>
/// SQLite's dialect: times are Unix milliseconds; a list or a set of rows is one JSON parameter
/// read with <c>json_each</c> (one parameter, however many values); the planner, without
/// statistics, is told which partial index to use; and there is no row locking, since one
/// connection writes.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Table(string name) => name;

    public override object Bind(SqlType type, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => time.ToUnixTimeMilliseconds(),
        ReadOnlyMemory<byte> bytes => Blob(bytes),
        _ => value,
    };

    /// <summary>
    /// Binds <paramref name="value"/> to a statement prepared with SQLite's own API, as
    /// <see cref="Bind"/> binds it to a parameter; bytes are bound from their own memory, which
    /// SQLite copies. Returns SQLite's result code.
    /// </summary>
    public static int BindTo(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int(statement, index, number),
        DateTimeOffset time => raw.sqlite3_bind_int64(statement, index, time.ToUnixTimeMilliseconds()),
        ReadOnlyMemory<byte> bytes => raw.sqlite3_bind_blob(statement, index, bytes.Span),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "SQLite binds no such value"),
    };

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
    }

    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override string NotInList(string column, string parameter) => $"{column} NOT IN (SELECT value FROM json_each(@{parameter}))";

    public override object BindList<T>(SqlType type, IEnumerable<T> values) =>
        Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var value in values)
                Write(writer, type, value);

            writer.WriteEndArray();
        });

    public override string Rows(SqlStatement statement, string name, int count, params RowColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(columns);
        statement.With(name, Json(writer =>
        {
            writer.WriteStartArray();
            for (var row = 0; row < count; row++)
            {
                writer.WriteStartArray();
                foreach (var column in columns)
                    Write(writer, column.Type, column.Values[row]);

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }));
        var list = string.Join(", ", columns.Select((c, i) => $"json_extract(value, '$[{i}]') AS {c.Name}"));
        return $"(SELECT {list} FROM json_each(@{name})) AS {name}";
    }

    // substr, not LIKE: ids are full of '_', which LIKE reads as a wildcard, and LIKE folds
    // ASCII case. SQLite counts text in characters on both sides, so any id compares right.
    public override string StartsWith(string column, string parameter) => $"substr({column}, 1, length(@{parameter})) = @{parameter}";

    public override string IndexedBy(string index) => $" INDEXED BY {index}";

    public override string SkipLocked(string? name = null) => "";

    public override string ForUpdate => "";

    public override string MinuteOf(string column) => $"{column} / 60000";

    public override string ByteLength(string column) => $"length({column})";

    // instr on lower() finds the text in any case (ASCII).
    public override string ContainsIgnoringCase(string column, string parameter) => $"instr(lower(CAST({column} AS TEXT)), lower(@{parameter})) > 0";

    private static void Write(Utf8JsonWriter writer, SqlType type, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case DateTimeOffset time:
                writer.WriteNumberValue(time.ToUnixTimeMilliseconds());
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value, $"SQLite binds no {type} as JSON");
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
