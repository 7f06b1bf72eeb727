namespace Hookbox.Storage.Relational;

/// <summary>One column of a set of rows bound as a table (<see cref="SqlDialect.Rows"/>): its name, its type, and the value of each row.</summary>
internal sealed record RowColumn(string Name, SqlType Type, IReadOnlyList<object?> Values)
{
    /// <summary>The column of <paramref name="rows"/> that <paramref name="value"/> reads.</summary>
    public static RowColumn Of<T>(string name, SqlType type, IReadOnlyList<T> rows, Func<T, object?> value) =>
        new(name, type, [.. rows.Select(value)]);
}
