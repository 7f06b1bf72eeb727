namespace Hookbox;

/// <summary>Which inbox store holds events.</summary>
public sealed class StoreOptions
{
    /// <summary>The store used when none is named: one SQLite file in the data directory.</summary>
    public const string Sqlite = "sqlite";

    /// <summary><c>sqlite</c> (default). Used by <c>hookbox serve</c>; in library mode the store is chosen in code.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The connection string, for stores that take one. SQLite's defaults to <c>{DataDirectory}/hookbox.db</c>.</summary>
    public string? ConnectionString { get; set; }
}
