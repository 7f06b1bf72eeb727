using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>One-off statements on a connection, for the schema and the file operations (backup, restore) that run outside the store's writer.</summary>
internal static class SqliteStatements
{
    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
