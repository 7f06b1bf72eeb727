using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>
/// Puts a backup in place of the embedded inbox, while no Hookbox has it open.
/// </summary>
/// <remarks>
/// In order: the inbox's lock is taken (a running Hookbox holds it, and the restore is refused
/// naming the lock file); the backup is copied beside the inbox under a temporary name and
/// flushed to disk, and that copy, the very bytes to be put in place, is checked: an SQLite
/// file, <c>PRAGMA integrity_check</c> ok, a Hookbox inbox of a schema version this Hookbox knows.
/// The inbox it replaces is checkpointed into one file (so nothing it holds is left in its WAL)
/// and kept as <c>{name}.before-restore-{UTC time}</c>, never deleted; its stale -shm is removed.
/// The copy then takes the inbox's name in one rename (<see cref="File.Replace(string, string, string)"/>
/// links the old file to its new name first), so the inbox is the old file or the whole new one,
/// never a mix, a half-copied file or nothing.
/// </remarks>
public static class SqliteInboxRestore
{
    private const string Advice = "stop it before restoring: a restore replaces the file under it";

    /// <summary>Replaces the inbox at <paramref name="databasePath"/> with the backup at <paramref name="backupPath"/>.</summary>
    /// <param name="backupPath">A file <see cref="SqliteInboxBackup"/> made (or any copy of a closed inbox).</param>
    /// <param name="databasePath">The inbox's file; its directory is created when missing.</param>
    /// <param name="now">Names the file the replaced inbox is kept as.</param>
    /// <param name="cancellationToken">Stops the restore before the inbox is replaced.</param>
    /// <exception cref="InvalidOperationException">The inbox is open, or the backup is missing, damaged, not an inbox, or newer than this Hookbox.</exception>
    public static Task<SqliteRestoreResult> RestoreAsync(string backupPath, string databasePath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var backup = Path.GetFullPath(backupPath);
        var database = Path.GetFullPath(databasePath);
        if (!File.Exists(backup))
            throw new InvalidOperationException($"There is no backup at {backup}.");

        var directory = Path.GetDirectoryName(database)!; // a full path always has a directory
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var inboxLock = SqliteInboxLock.Acquire(database, Advice);
        var temporary = SqliteInboxFiles.CreateTemporaryBeside(database, "restore");
        try
        {
            CopyToDisk(backup, temporary, cancellationToken);
            var (events, version) = Check(backup, temporary);
            cancellationToken.ThrowIfCancellationRequested();

            string? previous = null;
            if (File.Exists(database))
            {
                previous = KeepPrevious(database, now);
                File.Replace(temporary, database, previous);
            }
            else
            {
                File.Move(temporary, database);
            }

            var restored = new SqliteInboxFileInfo(database, events, new FileInfo(database).Length, version);
            return Task.FromResult(new SqliteRestoreResult(restored, previous));
        }
        catch
        {
            SqliteInboxFiles.DeleteTemporary(temporary);
            throw;
        }
    }

    private static void CopyToDisk(string backup, string temporary, CancellationToken cancellationToken)
    {
        using (var from = new FileStream(backup, FileMode.Open, FileAccess.Read, FileShare.Read))
        using (var to = new FileStream(temporary, FileMode.Truncate, FileAccess.Write))
        {
            from.CopyTo(to);
            to.Flush(flushToDisk: true);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Checks the copy about to be put in place; returns its events and schema version.</summary>
    private static (long Events, int SchemaVersion) Check(string backup, string copy)
    {
        if (!HasSqliteHeader(copy))
            throw new InvalidOperationException($"{backup} is not an SQLite database (it does not start with SQLite's header): nothing was restored.");

        try
        {
            long events;
            int version;
            using (var connection = SqliteInboxFiles.Open(copy))
            {
                // A copy of a running inbox (cp of hookbox.db) is in WAL mode without its WAL: made
                // a rollback-journal file first, like a backup, so it is checked as it will be used.
                SqliteStatements.Execute(connection, "PRAGMA journal_mode = DELETE;");
                var problems = IntegrityProblems(connection);
                if (problems.Count > 0)
                    throw new InvalidOperationException($"{backup} is damaged (PRAGMA integrity_check: {string.Join("; ", problems)}): nothing was restored.");

                (events, version) = SqliteInboxFiles.Describe(connection);
                if (version > SqliteSchema.LatestVersion)
                {
                    throw new InvalidOperationException(
                        $"{backup} has inbox schema version {version}, newer than this Hookbox knows ({SqliteSchema.LatestVersion}): restore it with the Hookbox that made it, or a newer one. Nothing was restored.");
                }

                if (version == 0 || !HasTable(connection, "events"))
                    throw new InvalidOperationException($"{backup} is an SQLite database but not a Hookbox inbox (no inbox schema version, no events table): nothing was restored.");
            }

            SqliteInboxFiles.FlushToDisk(copy);
            return (events, version);
        }
        catch (SqliteException ex)
        {
            throw new InvalidOperationException($"{backup} cannot be read as an SQLite database ({ex.Message}): nothing was restored.", ex);
        }
    }

    private static bool HasSqliteHeader(string path)
    {
        ReadOnlySpan<byte> header = "SQLite format 3\0"u8;
        Span<byte> start = stackalloc byte[16];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(header);
    }

    private static List<string> IntegrityProblems(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check(10);";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            var line = reader.GetString(0);
            if (line != "ok")
                problems.Add(line);
        }

        return problems;
    }

    private static bool HasTable(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>
    /// Makes the inbox about to be replaced one whole file (its WAL checkpointed in) and picks the
    /// name it is kept under. Whatever cannot be checkpointed (a damaged inbox, the reason for
    /// many a restore) stays beside it: its WAL moves with it, under the kept name's -wal.
    /// </summary>
    private static string KeepPrevious(string database, DateTimeOffset now)
    {
        try
        {
            using var connection = SqliteInboxFiles.Open(database);
            SqliteStatements.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
            // Damaged: kept as it is, WAL and all, below.
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var previous = $"{database}.before-restore-{stamp}";
        for (var n = 2; File.Exists(previous) || File.Exists(previous + "-wal"); n++)
            previous = $"{database}.before-restore-{stamp}-{n}";

        // A WAL left beside the new file would be replayed into it: it goes with the old one.
        // The -shm is only an index of that WAL, rebuilt from it when needed.
        foreach (var suffix in new[] { "-wal", "-journal" })
        {
            if (File.Exists(database + suffix))
                File.Move(database + suffix, previous + suffix);
        }

        File.Delete(database + "-shm");
        return previous;
    }
}
