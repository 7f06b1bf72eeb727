using Hookbox.Sqlite;
using Hookbox.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Hookbox.Stores.Tests;

/// <summary>
/// The statements dispatch runs for every delivery find their rows by key or by a small index,
/// as SQLite plans them on the real schema: a plan that walks the backlog makes dispatch slower
/// the further it falls behind, which no functional test notices.
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private static readonly InboxSql Sql = new(SqliteDialect.Instance);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly SqliteConnection _connection;

    public SqliteQueryPlanTests()
    {
        _connection = new SqliteConnection($"Data Source={_directory.Combine("plans.db")};Pooling=False");
        _connection.Open();
        SqliteSchema.Migrate(_connection);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void DueDeliveries_WalksTheRoutesDueIndexInOrder() =>
        Assert.Contains("USING INDEX deliveries_due (route=? AND next_attempt_at<?)", Plan(Sql.DueDeliveries("orders", Now, 8)));

    [Fact]
    public void Claim_FindsEachDeliveryByItsKey_NotByWalkingTheRoutesBacklog()
    {
        var plan = Plan(Sql.Claim("orders", [1, 2, 3], Now, Now.AddMinutes(1), "lease"));

        Assert.Contains("SEARCH d USING PRIMARY KEY (event_seq=?)", plan);
        Assert.DoesNotContain("deliveries_due", plan);
    }

    [Fact]
    public void Complete_FindsEachDeliveryByItsKey() =>
        Assert.Contains("USING PRIMARY KEY (event_seq=? AND route=?)",
            Plan(Sql.Complete([new DeliveryOutcome(1, "orders", "lease", DeliveryOutcomeKind.Succeeded, null, null)])));

    [Fact]
    public void Renew_FindsEachDeliveryByItsKey() =>
        Assert.Contains("USING PRIMARY KEY (event_seq=? AND route=?)", Plan(Sql.Renew([new DeliveryLease(1, "orders", "lease")], Now)));

    [Fact]
    public void RollUp_FindsEachEventAndItsDeliveriesByKey()
    {
        var plan = Plan(Sql.RollUp([1, 2]));

        Assert.Contains("SEARCH events USING INTEGER PRIMARY KEY (rowid=?)", plan);
        Assert.Contains("SEARCH d USING PRIMARY KEY (event_seq=?)", plan);
    }

    [Fact]
    public void ExpiredUnroutedEvents_ReadOnlyTheOldestFromTheStatusIndex_ThenEachByItsKey()
    {
        // Unrouted events have no index of their own (ingest would write it at every commit): a
        // pass reads the oldest few from (status, seq), never every unrouted event kept.
        var plan = Plan(Sql.ExpiredEvents(EventStatus.Unrouted, Now, 100));

        Assert.Contains("USING COVERING INDEX events_status (status=?)", plan);
        Assert.Contains("SEARCH events USING INDEX events_status (status=? AND seq=?)", plan);
        Assert.DoesNotContain("SCAN", plan);
    }

    private string Plan(SqlStatement statement)
    {
        using var command = statement.ApplyTo(_connection.CreateCommand());
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
            lines.Add(reader.GetString(3));

        return string.Join('\n', lines);
    }
}
