namespace Hookbox.Sqlite;

/// <summary>Where the embedded inbox lives.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file name used inside the data directory.</summary>
    public const string DefaultFileName = "hookbox.db";

    /// <summary>
    /// The SQLite file. Default <c>{Hookbox:DataDirectory}/hookbox.db</c>. Its directory is
    /// created, readable by its owner only, when missing.
    /// </summary>
    public string? DatabasePath { get; set; }
}
