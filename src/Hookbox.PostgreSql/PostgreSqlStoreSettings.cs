using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// The connection string and schema in effect: what code set on <see cref="PostgreSqlStoreOptions"/>,
/// else the <c>Hookbox:Store</c> configuration. Checked before start-up, naming the key to fix.
/// </summary>
internal sealed partial record PostgreSqlStoreSettings(string ConnectionString, string Schema)
{
    private const int ConnectTimeoutSeconds = 3;
    private const int CommandTimeoutSeconds = 4;

    // Room for the statements Hookbox runs over and over (ingest, leases, outcomes, renewals) and
    // to spare, so an admin query now and then does not evict them from a connection's LRU.
    private const int AutoPreparedStatements = 64;

    public const string ConnectionStringKey = $"{HookboxOptions.SectionName}:Store:ConnectionString";
    public const string SchemaKey = $"{HookboxOptions.SectionName}:Store:Schema";

    /// <summary>The channel NOTIFY rings when a commit brings deliveries due now.</summary>
    public string Channel => "hookbox_" + Schema;

    public static PostgreSqlStoreSettings Resolve(PostgreSqlStoreOptions store, HookboxOptions hookbox, out List<string> errors)
    {
        errors = [];
        var connectionString = store.ConnectionString ?? hookbox.Store.ConnectionString;
        var schema = store.Schema ?? hookbox.Store.Schema ?? PostgreSqlStoreOptions.DefaultSchema;

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{ConnectionStringKey} is missing: the PostgreSQL store needs one, such as Host=db;Database=hookbox;Username=hookbox;Password=…");
            connectionString = "";
        }
        else
        {
            try
            {
                connectionString = WithDefaults(connectionString, schema);
            }
            catch (ArgumentException ex)
            {
                // The message names the bad keyword, never the password.
                errors.Add($"{ConnectionStringKey} is not a valid Npgsql connection string: {ex.Message}");
                connectionString = "";
            }
        }

        if (!Identifier().IsMatch(schema))
            errors.Add($"{SchemaKey} '{schema}' is not a plain schema name: use lower-case letters, digits and underscores, starting with a letter or underscore, at most 48 characters");
        else if (schema.StartsWith("pg_", StringComparison.Ordinal))
            errors.Add($"{SchemaKey} '{schema}' starts with pg_, which PostgreSQL keeps for its own schemas");

        return new PostgreSqlStoreSettings(connectionString, schema);
    }

    private static string WithDefaults(string connectionString, string schema)
    {
        // Npgsql's own builder holds every keyword, given or not: the plain one tells which were given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keywords) => keywords.Any(given.ContainsKey);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Unset, Npgsql waits 15 s to connect and 30 s for a command: longer than a sender waits.
        if (!Given("Timeout", "Connect Timeout", "Connection Timeout"))
            builder.Timeout = ConnectTimeoutSeconds;

        if (!Given("Command Timeout", "CommandTimeout"))
            builder.CommandTimeout = CommandTimeoutSeconds;

        // Every connection says which schema version its code knows, for the migration's check
        // that no older instance is still at work (PostgreSqlUpgradeCheck); the user's own name is kept after it.
        builder.ApplicationName = PostgreSqlInstanceName.For(schema, PostgreSqlSchema.LatestVersion, Given("Application Name", "ApplicationName") ? builder.ApplicationName : null);

        // A 200 means the commit is on disk: a server or role configured with
        // synchronous_commit=off would answer before the WAL is flushed.
        if (!Given("Options"))
            builder.Options = "-c synchronous_commit=on";

        // Hookbox runs the same few statements all day. Prepared, the ingest insert (a CTE over
        // unnest, ON CONFLICT, and the deliveries) is parsed and planned once per connection
        // instead of once per batch: 11–16% less of the database's CPU per event (bench/RESULTS.md).
        // A pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction
        // mode) needs Max Auto Prepare=0 in the connection string.
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = AutoPreparedStatements;

        // Unset, Npgsql resets a pooled connection at every reuse: seven statements (RESET ALL,
        // UNLISTEN *, DISCARD TEMP…) before each batch, a tenth of the database's CPU per event.
        // Hookbox keeps no session state to reset: no SET, temporary tables, cursors or session
        // advisory locks (migrations lock per transaction). The one LISTEN is on the notification
        // listener's connection, which is not pooled.
        if (!Given("No Reset On Close", "NoResetOnClose"))
            builder.NoResetOnClose = true;

        return builder.ConnectionString;
    }

    // Interpolated into SQL as is, so nothing but a plain identifier; short enough that
    // "hookbox_" + it is a channel name under PostgreSQL's 63-byte limit.
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    private static partial Regex Identifier();
}
