using System.Net;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>Issue 11: the ingest queue is bounded in bytes as well as events; past it, 503 with Retry-After.</summary>
public sealed class QueuedBytesTests : HostedTest
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Sources:pocketsflow:MaxBodyBytes"] = "1024";

        // One ~600-byte body and its headers fit; a second does not.
        settings["Hookbox:Ingest:MaxQueuedBytes"] = "1500";
        return settings;
    }

    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, services =>
            services.Configure<SqliteStoreOptions>(o => o.BusyTimeout = TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task Post_PastMaxQueuedBytes_Is503WithRetryAfterAndTheQueuedEventIsStillAccepted()
    {
        var writer = Host.Services.GetRequiredService<GroupCommitWriter>();
        Task<HttpResponseMessage> first;
        using (var blocker = new SqliteConnection($"Data Source={Directory.Combine("hookbox.db")};Pooling=False"))
        {
            blocker.Open();
            using var begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();

            first = Client.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("queued-first")), Token);
            await Poll.UntilAsync(() => writer.Backlog.Queued == 1, "the first event to wait for its commit", Token);

            using var refused = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("queued-second")));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("store_unavailable", (await JsonAsync(refused)).GetProperty("error").GetString());
            Assert.Equal(1, writer.Backlog.Queued);
        }

        using var accepted = await first;
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var retried = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("queued-second")));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }
}
