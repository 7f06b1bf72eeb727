using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Hookbox.Stores.Tests;

/// <summary>
/// The writer's statements are compiled once, not at every lease and outcome: on a connection
/// that keeps them, <see cref="InboxReads"/> runs a text it ran before on the same command, with
/// the new parameters, on a real SQLite file.
/// </summary>
public sealed class PreparedStatementsTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly CountingConnection _connection;

    public PreparedStatementsTests()
    {
        _connection = new CountingConnection($"Data Source={_directory.Combine("kept.db")};Pooling=False");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');";
        create.ExecuteNonQuery();
        _connection.Created = 0;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        PreparedStatements.Forget(_connection);
        _connection.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task KeptConnection_RunsATextAgainOnTheSameCommand_WithTheNewParameters()
    {
        PreparedStatements.Keep(_connection);

        Assert.Equal(["one"], await ValuesAsync(1));
        Assert.Equal(["three"], await ValuesAsync(3));
        Assert.Equal(1, await InboxReads.ExecuteAsync(_connection, null, new SqlStatement("UPDATE t SET v = @v WHERE k = @k").With("k", 2).With("v", "deux"), Token));
        Assert.Equal(["deux"], await ValuesAsync(2));

        Assert.Equal(2, _connection.Created); // one command per text
    }

    [Fact]
    public async Task ConnectionNotKept_OrForgotten_MakesACommandEachTime()
    {
        await ValuesAsync(1);
        await ValuesAsync(2);
        Assert.Equal(2, _connection.Created);

        PreparedStatements.Keep(_connection);
        await ValuesAsync(1);
        await ValuesAsync(2);
        PreparedStatements.Forget(_connection);
        await ValuesAsync(3);

        Assert.Equal(4, _connection.Created);
    }

    [Fact]
    public async Task TextRunInsideItsOwnReader_GetsACommandOfItsOwn()
    {
        PreparedStatements.Keep(_connection);

        var nested = await InboxReads.QueryAsync(_connection, null, Select(1), async reader =>
        {
            Assert.True(await reader.ReadAsync(Token));
            return (reader.GetString(0), await ValuesAsync(2));
        }, Token);

        Assert.Equal("one", nested.Item1);
        Assert.Equal(["two"], nested.Item2);
        Assert.Equal(2, _connection.Created);
        await ValuesAsync(3);
        Assert.Equal(2, _connection.Created);
    }

    [Fact]
    public async Task KeptCommand_RunsInTheTransactionItIsGiven()
    {
        PreparedStatements.Keep(_connection);
        await ValuesAsync(1);

        // Beginning and committing make commands of their own; the kept one is not made again.
        using (var transaction = _connection.BeginTransaction())
        {
            var created = _connection.Created;
            var values = await InboxReads.QueryAsync(_connection, transaction, Select(1), reader => Read(reader), Token);
            Assert.Equal(["one"], values);
            Assert.Equal(created, _connection.Created);
            transaction.Commit();
        }

        var committed = _connection.Created;
        Assert.Equal(["two"], await ValuesAsync(2));
        Assert.Equal(committed, _connection.Created);
    }

    private static SqlStatement Select(int key) => new SqlStatement("SELECT v FROM t WHERE k = @k").With("k", key);

    private Task<List<string>> ValuesAsync(int key) =>
        InboxReads.QueryAsync(_connection, null, Select(key), reader => Read(reader), Token);

    private static async Task<List<string>> Read(System.Data.Common.DbDataReader reader)
    {
        var values = new List<string>();
        while (await reader.ReadAsync(Token))
            values.Add(reader.GetString(0));

        return values;
    }

    /// <summary>A real SQLite connection that counts the commands made on it.</summary>
    private sealed class CountingConnection(string connectionString) : SqliteConnection(connectionString)
    {
        public int Created { get; set; }

        public override SqliteCommand CreateCommand()
        {
            Created++;
            return base.CreateCommand();
        }
    }
}
