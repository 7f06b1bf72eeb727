namespace Hookbox.PostgreSql;

/// <summary>Which PostgreSQL database, and which schema in it, holds the inbox.</summary>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>The schema used when none is named.</summary>
    public const string DefaultSchema = "hookbox";

    /// <summary>
    /// An Npgsql connection string. Default: <c>Hookbox:Store:ConnectionString</c>. Without a
    /// <c>Timeout</c> or <c>Command Timeout</c> of its own, connecting gives up after 3 s and a
    /// command after 4 s, inside Pocketsflow's 5 s: a sender gets a 503 it can retry, not a timeout.
    /// Connections are named <c>hookbox/{schema version}/{schema}</c>, followed by the string's own
    /// <c>Application Name</c> when it has one: a migration looks for older instances by that name.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema that holds Hookbox's tables, created on start when missing: lower-case
    /// letters, digits and underscores. Default: <c>Hookbox:Store:Schema</c>, else <c>hookbox</c>.
    /// Instances that share a schema share one inbox.
    /// </summary>
    public string? Schema { get; set; }
}
