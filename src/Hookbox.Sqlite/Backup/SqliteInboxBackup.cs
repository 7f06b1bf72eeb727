namespace Hookbox.Sqlite;

/// <summary>
/// A consistent copy of the embedded inbox, taken while Hookbox runs and keeps taking events,
/// with SQLite's online backup API.
/// </summary>
/// <remarks>
/// The copy is made in one backup step, which reads one snapshot of the database from start to
/// end. In WAL mode a reader never blocks the writer, so ingest goes on while it runs; the WAL
/// only grows meanwhile, because checkpoints cannot pass the snapshot, and is checkpointed as
/// usual afterwards. A copy made in several steps (a few pages at a time) would let writes in
/// between, but SQLite restarts such a copy whenever another connection writes, so under constant
/// ingest it would never finish. The file is written beside the target under a temporary name,
/// switched from WAL to a rollback journal (a backup is one self-contained file), flushed to
/// disk and only then renamed to the target, so the target is either absent or a whole copy.
/// </remarks>
public static class SqliteInboxBackup
{
    /// <summary>
    /// Copies the inbox at <paramref name="databasePath"/> to <paramref name="destinationPath"/>;
    /// an existing destination is replaced only when <paramref name="overwrite"/> is true.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no inbox there, or the destination exists and may not be overwritten.</exception>
    public static Task<SqliteInboxFileInfo> BackupAsync(string databasePath, string destinationPath, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        cancellationToken.ThrowIfCancellationRequested();
        var source = Path.GetFullPath(databasePath);
        var destination = Path.GetFullPath(destinationPath);
        if (!File.Exists(source))
            throw new InvalidOperationException($"There is no inbox at {source}: nothing to back up.");

        if (string.Equals(source, destination, StringComparison.Ordinal))
            throw new InvalidOperationException($"{destination} is the inbox itself: back it up to another file.");

        if (!overwrite && File.Exists(destination))
            throw new InvalidOperationException($"{destination} already exists: back up to a new file, or replace it (--force).");

        var directory = Path.GetDirectoryName(destination)!; // a full path always has a directory
        if (!Directory.Exists(directory))
            throw new InvalidOperationException($"{directory} does not exist: create it, or back up somewhere else.");

        var temporary = SqliteInboxFiles.CreateTemporaryBeside(destination, "backup");
        try
        {
            using (var from = SqliteInboxFiles.Open(source))
            using (var to = SqliteInboxFiles.Open(temporary))
                from.BackupDatabase(to);

            cancellationToken.ThrowIfCancellationRequested();
            long events;
            int version;
            using (var copy = SqliteInboxFiles.Open(temporary))
            {
                // The copy's header says WAL, as the inbox's does; opened afresh it is in WAL mode,
                // and turned back to a rollback journal it is one self-contained file that opens
                // anywhere without a -wal or -shm beside it (Hookbox makes it WAL again when it opens it).
                SqliteStatements.Execute(copy, "PRAGMA journal_mode = DELETE;");
                (events, version) = SqliteInboxFiles.Describe(copy);
            }

            SqliteInboxFiles.FlushToDisk(temporary);
            File.Move(temporary, destination, overwrite);
            return Task.FromResult(new SqliteInboxFileInfo(destination, events, new FileInfo(destination).Length, version));
        }
        catch
        {
            SqliteInboxFiles.DeleteTemporary(temporary);
            throw;
        }
    }
}
