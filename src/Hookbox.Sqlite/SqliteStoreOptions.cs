using Microsoft.Data.Sqlite;

namespace Hookbox.Sqlite;

/// <summary>Where the embedded inbox lives.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file name used inside the data directory.</summary>
    public const string DefaultFileName = "hookbox.db";

    /// <summary>
    /// The SQLite file. Default: the <c>Data Source</c> of <c>Hookbox:Store:ConnectionString</c>
    /// when set, else <c>{Hookbox:DataDirectory}/hookbox.db</c>. Its directory is created,
    /// readable by its owner only, when missing.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// How long a commit waits for a write lock held by another process (a backup, an
    /// operator's sqlite3 shell) before its events are answered 503. Default 2 s, well inside
    /// Pocketsflow's 5 s timeout. Hookbox itself never contends: it has one writer.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The inbox's file, as a full path: <see cref="DatabasePath"/>, else the <c>Data Source</c>
    /// of <c>Hookbox:Store:ConnectionString</c>, else <c>hookbox.db</c> in <c>Hookbox:DataDirectory</c>.
    /// The store opens this file, and <c>hookbox backup</c> and <c>restore</c> find it the same way.
    /// </summary>
    public string ResolveDatabasePath(HookboxOptions hookbox)
    {
        ArgumentNullException.ThrowIfNull(hookbox);
        return Path.GetFullPath(DatabasePath
            ?? (string.IsNullOrWhiteSpace(hookbox.Store.ConnectionString) ? null : new SqliteConnectionStringBuilder(hookbox.Store.ConnectionString).DataSource)
            ?? Path.Combine(hookbox.DataDirectory, DefaultFileName));
    }
}
