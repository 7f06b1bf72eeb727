using System.Globalization;
using Npgsql;

namespace Hookbox.PostgreSql;

/// <summary>
/// Refuses a migration while an instance of an older Hookbox still works on the schema: after it,
/// that instance would run code that does not know the schema it writes to (a rolling upgrade
/// across a schema change). Every instance names its connections after the schema version it
/// knows (<see cref="PostgreSqlInstanceName"/>) and, while it runs, keeps at least its LISTEN
/// connection open, so <c>pg_stat_activity</c> shows each one. Instances of the same version side
/// by side (a rolling restart without a schema change) are never in the way, and an older one
/// that starts after the migration is refused by its own start-up, which finds a newer schema.
/// </summary>
internal static class PostgreSqlUpgradeCheck
{
    private const int Listed = 10;

    /// <summary>Throws, naming them, when connections of instances that know less than <paramref name="target"/> use <paramref name="schema"/>.</summary>
    public static async Task EnsureNoOlderInstancesAsync(NpgsqlConnection connection, string schema, int current, int target, CancellationToken cancellationToken)
    {
        // Every database's sessions are listed; the names say which inbox each works on.
        await using var command = new NpgsqlCommand(
            """
            SELECT pid, host(client_addr), application_name
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'hookbox/%'
            ORDER BY client_addr, pid
            """,
            connection);
        var older = new List<(int Pid, string? Address, int Version)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (PostgreSqlInstanceName.TryParse(reader.GetString(2), out var version, out var named) && named == schema && version < target)
                    older.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), version));
            }
        }

        if (older.Count == 0)
            return;

        var addresses = older.Select(o => o.Address).Distinct().Count();
        var versions = string.Join(", ", older.Select(o => o.Version).Distinct().Order());
        var listed = string.Join("; ", older.Take(Listed).Select(o =>
            string.Create(CultureInfo.InvariantCulture, $"pid {o.Pid} from {o.Address ?? "a local socket"} (schema version {o.Version})")));
        var more = older.Count > Listed ? string.Create(CultureInfo.InvariantCulture, $"; and {older.Count - Listed} more") : "";
        throw new InvalidOperationException(
            $"schema {schema} is at inbox schema version {current} and this Hookbox would migrate it to {target}, but an older Hookbox (schema version {versions}) still uses it: " +
            $"{older.Count} connection{(older.Count == 1 ? "" : "s")} from {addresses} address{(addresses == 1 ? "" : "es")}: {listed}{more}. " +
            "Stop every instance of the older Hookbox first, then start this one (the others follow it): old and new code cannot share a schema across a migration. See Upgrading in the README.");
    }
}
