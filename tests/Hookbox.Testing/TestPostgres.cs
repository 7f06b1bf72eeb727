using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Npgsql;
using Xunit;

namespace Hookbox.Testing;

/// <summary>
/// The PostgreSQL server a test run shares (<c>.ci/run</c> starts a throwaway one and names it in
/// <see cref="ConnectionStringVariable"/>), and a schema of each test's own on it.
/// </summary>
public static class TestPostgres
{
    /// <summary>The shared server's connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=hookbox;Database=hookbox_test</c>.</summary>
    public const string ConnectionStringVariable = "HOOKBOX_TEST_POSTGRES";

    /// <summary>"1" turns a missing PostgreSQL from a skipped test into a failed one (set by <c>.ci/run</c>).</summary>
    public const string RequireVariable = "HOOKBOX_REQUIRE_POSTGRES";

    /// <summary>The directory holding pg_ctl, initdb and postgres, for <see cref="PostgresServer"/> (set by <c>.ci/run</c>).</summary>
    public const string BinariesVariable = "HOOKBOX_TEST_POSTGRES_BIN";

    /// <summary>
    /// The shared server's connection string. Without one the test is skipped, or fails when
    /// <see cref="RequireVariable"/> is 1, so that CI can never go green without PostgreSQL.
    /// </summary>
    public static string RequireConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Unavailable(
                $"This test needs PostgreSQL and {ConnectionStringVariable} is not set. Run `bash .ci/run`, which starts a throwaway server, " +
                $"or set {ConnectionStringVariable} to a server's connection string (e.g. Host=127.0.0.1;Port=5432;Username=hookbox;Database=hookbox_test).");
        }

        return connectionString;
    }

    /// <summary>A fresh schema name, <c>t_</c> and 16 lower-case hex digits, for one test's tables.</summary>
    public static string NewSchemaName() => "t_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Drops <paramref name="schema"/> and everything in it, if it exists: a test's cleanup.</summary>
    public static async Task DropSchemaAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // An identifier cannot be a parameter; quoting it (doubling any ") keeps the name literal.
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Skips the current test with <paramref name="message"/>, or fails it when <see cref="RequireVariable"/> is 1.</summary>
    [DoesNotReturn]
    internal static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message} {RequireVariable}=1, so this is a failure, not a skip.");

        Assert.Skip(message);
    }
}
