namespace Hookbox;

/// <summary>Which inbox store holds events.</summary>
public sealed class StoreOptions
{
    /// <summary>The store used when none is named: one SQLite file in the data directory.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The shared store for several instances: one PostgreSQL database.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>
    /// <c>sqlite</c> (the default of <c>hookbox serve</c>) or <c>postgresql</c>. In library mode the
    /// store is chosen in code; set here, it must name that store.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>The connection string, for stores that take one. SQLite's defaults to <c>{DataDirectory}/hookbox.db</c>; PostgreSQL needs one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>PostgreSQL: the schema that holds Hookbox's tables (default <c>hookbox</c>). Instances that share it share one inbox.</summary>
    public string? Schema { get; set; }
}
