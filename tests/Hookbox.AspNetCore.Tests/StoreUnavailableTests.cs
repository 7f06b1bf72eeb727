using System.Net;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>When the inbox cannot make an event durable, the sender gets 503 and Retry-After, never a 200.</summary>
public sealed class StoreUnavailableTests : HostedTest
{
    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, services =>
            services.Configure<SqliteStoreOptions>(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200)));

    [Fact]
    public async Task Post_WhileTheDatabaseIsLockedByAnotherProcess_Is503WithRetryAfterAndNotStored()
    {
        var body = PocketsflowEvents.Body("locked-out");
        using (var blocker = new SqliteConnection($"Data Source={Directory.Combine("hookbox.db")};Pooling=False"))
        {
            blocker.Open();
            using var begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();

            using var refused = await SendAsync(PocketsflowEvents.Request(body));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("store_unavailable", (await JsonAsync(refused)).GetProperty("error").GetString());
        }

        Assert.Equal(0, await StoredEventCountAsync());
        using var retried = await SendAsync(PocketsflowEvents.Request(body));
        Assert.Equal("accepted", (await JsonAsync(retried)).GetProperty("status").GetString());
    }
}
