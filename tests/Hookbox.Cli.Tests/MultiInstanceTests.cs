using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary>
/// Two real <c>hookbox serve</c> processes on one PostgreSQL schema, senders spread across
/// both, every event sent to both at once: each is stored once, accepted once, and delivered
/// once, whichever instance took it in and whichever leased it.
/// </summary>
public sealed class MultiInstanceTests : IDisposable
{
    private const string Secret = "whsec_multi_instance";
    private const int Events = 300;
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoInstancesOnOneDatabase_DuplicatesSentToBoth_StoreAcceptAndDeliverEachEventOnce()
    {
        await using var schema = TestSchema.Create();
        var delivered = new ConcurrentDictionary<string, int>();
        await using var destination = await DestinationServer.StartAsync((_, request) =>
        {
            delivered.AddOrUpdate(request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
            return Task.FromResult(200);
        }, Token);
        var environment = ServeEnvironment.Pocketsflow(Secret).RoutedTo(destination).OnPostgreSql(schema.ConnectionString, schema.Name);

        // Their own data directories: they share nothing but the database.
        Directory.CreateDirectory(_directory.Combine("a"));
        Directory.CreateDirectory(_directory.Combine("b"));
        await using var first = await HookboxProcess.ServeAsync(_directory.Combine("a"), environment, Token);
        await using var second = await HookboxProcess.ServeAsync(_directory.Combine("b"), environment, Token);
        Assert.Contains($"schema {schema.Name}", first.Output, StringComparison.Ordinal);

        using var toFirst = new HttpClient { BaseAddress = first.BaseAddress };
        using var toSecond = new HttpClient { BaseAddress = second.BaseAddress };
        var answers = new ConcurrentDictionary<string, (string Status, string Id)[]>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Token }, async (n, cancellationToken) =>
        {
            var eventId = $"multi-{n}";
            answers[eventId] = await Task.WhenAll(SendAsync(toFirst, eventId, cancellationToken), SendAsync(toSecond, eventId, cancellationToken));
        });

        var stored = await schema.ReadEventIdsAsync(Token);
        Assert.Equal(Events, stored.Count);
        Assert.All(answers, a =>
        {
            Assert.Single(a.Value, x => x.Status == "accepted");
            Assert.Single(a.Value, x => x.Status == "duplicate");
            Assert.All(a.Value, x => Assert.Equal(stored[a.Key], x.Id));
        });

        await Poll.UntilAsync(() => delivered.Count == Events, $"all {Events} events delivered", Token, TimeSpan.FromSeconds(60));
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
    }

    private static async Task<(string Status, string Id)> SendAsync(HttpClient client, string eventId, CancellationToken cancellationToken)
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{eventId}: {(int)response.StatusCode} {body}");
        var answer = JsonDocument.Parse(body).RootElement;
        return (answer.GetProperty("status").GetString()!, answer.GetProperty("id").GetString()!);
    }
}
