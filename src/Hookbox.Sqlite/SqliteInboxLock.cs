namespace Hookbox.Sqlite;

/// <summary>
/// Says, at the operating system's level, that an inbox file is open: a <c>{database}.lock</c>
/// file beside it, held open with <see cref="FileShare.None"/> (on Unix .NET takes an exclusive
/// <c>flock</c> on it) for as long as a store or a restore has the inbox. The kernel drops it when
/// the process ends, however it ends, so a killed Hookbox never leaves a stale lock behind.
/// SQLite's own locks can't say this: they are taken per transaction, and a running Hookbox
/// holds none between commits. The lock file is left in place when released: deleting it would
/// let a process that opened the old file and one that creates a new one both believe they hold it.
/// </summary>
internal sealed class SqliteInboxLock : IDisposable
{
    private readonly FileStream _file;

    private SqliteInboxLock(FileStream file) => _file = file;

    /// <summary>The lock file of <paramref name="databasePath"/>.</summary>
    public static string PathFor(string databasePath) => databasePath + ".lock";

    /// <summary>
    /// Takes the lock of <paramref name="databasePath"/>, whose directory must exist; throws,
    /// naming the lock file and ending with <paramref name="advice"/>, when another process (or
    /// another store in this one) holds it.
    /// </summary>
    public static SqliteInboxLock Acquire(string databasePath, string advice)
    {
        var path = PathFor(databasePath);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

            return new SqliteInboxLock(new FileStream(path, options));
        }
        catch (IOException ex)
        {
            // .NET reports the flock that failed as a sharing violation, an IOException; other
            // failures (no permission, a read-only disk) are other exceptions and pass unchanged.
            throw new InvalidOperationException(
                $"{databasePath} is in use: its lock file {path} is held by another process (a running hookbox serve, or an app with AddSqliteStore()); {advice}",
                ex);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
