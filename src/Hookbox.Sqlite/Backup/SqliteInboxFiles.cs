using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>What backup and restore both do to inbox files: open one on its own, describe it, write a new one beside its target.</summary>
internal static class SqliteInboxFiles
{
    /// <summary>How long a backup or restore waits for a lock another connection holds on a file.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection of its own (no pool keeps the file open afterwards) to an existing file,
    /// never creating one.
    /// </summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            SqliteStatements.Execute(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The events and schema version of the inbox open on <paramref name="connection"/>; its size is read once it is closed.</summary>
    public static (long Events, int SchemaVersion) Describe(SqliteConnection connection)
    {
        var version = SqliteSchema.ReadVersion(connection);
        var hasEvents = Convert.ToInt64(SqliteStatements.Scalar(connection, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'"), System.Globalization.CultureInfo.InvariantCulture) == 1;
        var events = hasEvents ? Convert.ToInt64(SqliteStatements.Scalar(connection, "SELECT COUNT(*) FROM events"), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (events, version);
    }

    /// <summary>
    /// A new, empty file beside <paramref name="target"/>, named after it and <paramref name="purpose"/>,
    /// readable by its owner only from its first byte (it will hold customers' payloads); SQLite
    /// takes an empty file for a new database.
    /// </summary>
    public static string CreateTemporaryBeside(string target, string purpose)
    {
        var path = $"{target}.{purpose}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        using (new FileStream(path, options))
        {
        }

        return path;
    }

    /// <summary>Flushes <paramref name="path"/> to the disk (fsync), so a rename after it never publishes a file whose bytes a power cut loses.</summary>
    public static void FlushToDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Deletes a temporary database and the journal SQLite may have left beside it, whatever state they are in.</summary>
    public static void DeleteTemporary(string path)
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Best effort: it is named as temporary, and the error that brought us here matters more.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
