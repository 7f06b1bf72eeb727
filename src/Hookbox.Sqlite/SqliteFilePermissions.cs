using Microsoft.Extensions.Logging;

namespace Hookbox.Sqlite;

/// <summary>
/// Keeps the inbox's files their owner's alone on Unix: payloads carry customers' names and
/// emails. A new inbox is created that way (<see cref="SqliteInboxStore"/>); a file an older
/// Hookbox, a copy or a restore left readable by others is reported and tightened at start:
/// the database, its -wal and -shm to 0600, its directory to 0700.
/// </summary>
internal static partial class SqliteFilePermissions
{
    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>Tightens what exists of the database's files, and its directory if asked; returns how many it changed.</summary>
    public static int Tighten(string databasePath, bool tightenDirectory, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
            return 0;

        var changed = 0;
        var directory = Path.GetDirectoryName(databasePath)!; // a full path always has a directory
        if (tightenDirectory && Directory.Exists(directory) && TightenOne(directory, OwnerDirectory, logger))
            changed++;

        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (File.Exists(path) && TightenOne(path, OwnerFile, logger))
                changed++;
        }

        return changed;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool TightenOne(string path, UnixFileMode owner, ILogger logger)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & OthersAndGroup) == 0)
            return false;

        var tightened = mode & ~OthersAndGroup | owner;
        try
        {
            File.SetUnixFileMode(path, tightened);
            Log.Tightened(logger, path, Octal(mode), Octal(tightened));
            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Not ours to change (another user's directory, a read-only mount): said, not fatal,
            // since refusing to start would lose events over a permission the operator can fix.
            Log.CouldNotTighten(logger, path, Octal(mode), ex);
            return false;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.Sqlite.PermissionsTightened, Level = LogLevel.Warning, Message = "{Path} was readable by others (mode {Mode}); it holds customers' payloads, so it is now {Tightened}")]
        public static partial void Tightened(ILogger logger, string path, string mode, string tightened);

        [LoggerMessage(EventId = LogEventIds.Sqlite.PermissionsNotTightened, Level = LogLevel.Warning, Message = "{Path} is readable by others (mode {Mode}) and could not be tightened; it holds customers' payloads: chmod it to 0600 (a directory to 0700)")]
        public static partial void CouldNotTighten(ILogger logger, string path, string mode, Exception exception);
    }
}
