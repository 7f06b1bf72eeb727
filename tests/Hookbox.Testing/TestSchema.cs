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

    public async ValueTask DisposeAsync() => await TestPostgres.DropSchemaAsync(ConnectionString, Name, CancellationToken.None);
}
