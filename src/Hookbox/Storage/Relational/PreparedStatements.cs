using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Hookbox.Storage.Relational;

/// <summary>
/// Commands kept prepared on a connection that runs the same statements over and over (SQLite's
/// one writer: leases, outcomes, routing): a statement run again on it is bound and stepped, not
/// parsed and planned again. Every list a statement takes is one bound parameter
/// (<see cref="SqlDialect.BindList{T}"/>), so its text, the cache's key, does not change with
/// the data. ADO.NET providers without a statement cache of their own (Microsoft.Data.Sqlite
/// compiles each new command) gain most; Npgsql prepares by itself.
/// </summary>
public static class PreparedStatements
{
    // Beyond this many texts (none of Hookbox's statements vary, but a provider's might), commands
    // are made and disposed as on any other connection.
    private const int Capacity = 64;

    private static readonly ConditionalWeakTable<DbConnection, Kept> Connections = [];

    /// <summary>Keeps the commands <see cref="InboxReads"/> runs on <paramref name="connection"/> prepared, until <see cref="Forget"/>.</summary>
    public static void Keep(DbConnection connection) => Connections.AddOrUpdate(connection, new Kept());

    /// <summary>Disposes the commands kept for <paramref name="connection"/>: call it before disposing the connection.</summary>
    public static void Forget(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Connections.TryGetValue(connection, out var kept))
        {
            Connections.Remove(connection);
            kept.Dispose();
        }
    }

    /// <summary>A command for <paramref name="statement"/>: a kept one when there is, else a new one; give it back with <see cref="ReturnAsync"/>.</summary>
    internal static DbCommand Rent(DbConnection connection, DbTransaction? transaction, SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        if (Connections.TryGetValue(connection, out var kept) && kept.TryTake(statement.Text) is { } command)
        {
            command.Parameters.Clear();
        }
        else
        {
            command = connection.CreateCommand();
        }

        command.Transaction = transaction;
        return statement.ApplyTo(command);
    }

    /// <summary>Keeps <paramref name="command"/> for its text's next run if its connection keeps commands, else disposes it.</summary>
    internal static ValueTask ReturnAsync(DbConnection connection, DbCommand command)
    {
        if (Connections.TryGetValue(connection, out var kept) && kept.TryKeep(command))
            return ValueTask.CompletedTask;

        return command.DisposeAsync();
    }

    /// <summary>One connection's idle commands, by text. A command in use is not here, so a statement nested in its own reader gets a command of its own.</summary>
    private sealed class Kept : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _idle = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private bool _disposed;

        public DbCommand? TryTake(string text)
        {
            lock (_lock)
                return _idle.Remove(text, out var command) ? command : null;
        }

        public bool TryKeep(DbCommand command)
        {
            lock (_lock)
            {
                if (_disposed || _idle.Count >= Capacity || _idle.ContainsKey(command.CommandText))
                    return false;

                // No transaction is held past its end; the next rent sets its own.
                command.Transaction = null;
                _idle.Add(command.CommandText, command);
                return true;
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                foreach (var command in _idle.Values)
                    command.Dispose();

                _idle.Clear();
            }
        }
    }
}
