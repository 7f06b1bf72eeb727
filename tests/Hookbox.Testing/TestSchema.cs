using Npgsql;

namespace Hookbox.Testing;

/// <summary>
/// A schema of one test's own on the shared test PostgreSQL server, dropped when the test ends:
/// <c>await using var schema = TestSchema.Create();</c> inside the test, so that a test needing
/// no PostgreSQL never asks for one.
/// </summary>
public sealed class TestSchema : IAsyncDisposable
{
    private TestSchema(string connectionString, string name)
    {
        ConnectionString = connectionString;
        Name = name;
    }

    /// <summary>The shared server's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The schema's name, unique to this test.</summary>
    public string Name { get; }

    /// <summary>A new schema name on the shared server; skips or fails the test without one (see <see cref="TestPostgres"/>).</summary>
    public static TestSchema Create() => new(TestPostgres.RequireConnectionString(), TestPostgres.NewSchemaName());

    /// <summary>The events stored in this schema: each sender's event id with the id Hookbox gave it. Two rows with one event id throw.</summary>
    public async Task<Dictionary<string, string>> ReadEventIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT event_id, id FROM {Name}.events", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellationToken))
            stored.Add(reader.GetString(0), reader.GetString(1));

        return stored;
    }

    public async ValueTask DisposeAsync() => await TestPostgres.DropSchemaAsync(ConnectionString, Name, CancellationToken.None);
}
