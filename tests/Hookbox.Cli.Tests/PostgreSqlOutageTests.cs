using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary>
/// PostgreSQL stopped under load and started again, with a real <c>hookbox serve</c> on it:
/// during the outage every answer is a 503 with Retry-After (never a 200 for an unrecorded
/// event) and readiness says so; afterwards ingest and dispatch resume without a restart.
/// </summary>
public sealed class PostgreSqlOutageTests : IDisposable
{
    private const string Secret = "whsec_outage";
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DatabaseStoppedUnderLoad_AnswersOnly503sThenResumesIngestAndDispatchOnItsOwn()
    {
        await using var database = await PostgresServer.StartNewAsync(Token);
        var delivered = new ConcurrentDictionary<string, int>();
        await using var destination = await DestinationServer.StartAsync((_, request) =>
        {
            delivered.AddOrUpdate(request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
            return Task.FromResult(200);
        }, Token);
        var environment = ServeEnvironment.Pocketsflow(Secret).RoutedTo(destination).OnPostgreSql(database.ConnectionString);
        await using var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var answers = new ConcurrentQueue<Answer>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var senders = Enumerable.Range(0, 8).Select(s => SendAsync(client, $"s{s}", answers, stop.Token)).ToArray();

        await Poll.UntilAsync(() => Count(answers, 200) >= 100, "events accepted before the outage", Token);
        await database.StopAsync(Token);
        var okBeforeOutage = Count(answers, 200);
        await Poll.UntilAsync(() => Count(answers, 503) >= 50, "503s during the outage", Token);
        var readyDuringOutage = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Token);
        var answeredDuringOutage = answers.Count;

        await database.StartAsync(Token);
        await Poll.UntilAsync(() => answers.Skip(answeredDuringOutage).Count(a => a.Status == 200) >= 100, "events accepted after the outage", Token, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        var readyAfterwards = await client.GetAsync(new Uri("/readyz", UriKind.Relative), Token);

        var all = answers.ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{all.Count} answers: {Count(answers, 200)} accepted ({okBeforeOutage} before the stop), {Count(answers, 503)} 503");
        Assert.All(all, a => Assert.True(a.Status is 200 or 503, $"{a.EventId}: {a.Status} {a.Body}"));
        Assert.All(all.Where(a => a.Status == 503), a => Assert.True(a.RetryAfter, $"{a.EventId}: 503 without Retry-After"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuringOutage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readyAfterwards.StatusCode);

        // Dispatch resumed too: every acknowledged event, before and after, reaches the destination.
        var accepted = all.Where(a => a.Status == 200).Select(a => a.Id!).ToHashSet();
        await Poll.UntilAsync(() => accepted.All(delivered.ContainsKey), "every accepted event delivered", Token, TimeSpan.FromSeconds(60));
    }

    private static int Count(IEnumerable<Answer> answers, int status) => answers.Count(a => a.Status == status);

    private static async Task SendAsync(HttpClient client, string prefix, ConcurrentQueue<Answer> answers, CancellationToken cancellationToken)
    {
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var eventId = $"{prefix}-{n}";
            try
            {
                using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var id = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetString() : null;
                answers.Enqueue(new Answer(eventId, (int)response.StatusCode, body, response.Headers.RetryAfter is not null, id));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private sealed record Answer(string EventId, int Status, string Body, bool RetryAfter, string? Id);
}
