using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hookbox.Cli.Tests;

/// <summary>
/// A real <c>hookbox serve</c> under 32 concurrent senders, killed with SIGKILL mid-load three
/// times: after each restart every event that was answered 200 is in the store, under the id
/// it was answered with. On the embedded SQLite file and on PostgreSQL.
/// </summary>
public sealed class CrashTests : IAsyncDisposable
{
    private const int Senders = 32;
    private const int AcceptedBeforeKill = 400;
    private const string Secret = "whsec_crash_test_secret";
    private readonly TempDirectory _directory = new();
    private TestSchema? _schema;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_schema is not null)
            await _schema.DisposeAsync();

        _directory.Dispose();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Serve_KilledWithSigkillUnderLoadThreeTimes_LosesNoAcknowledgedEvent(string store)
    {
        var environment = ServeEnvironment.Pocketsflow(Secret);
        if (store == "postgresql")
        {
            _schema = TestSchema.Create();
            environment.OnPostgreSql(_schema.ConnectionString, _schema.Name);
        }

        var acknowledged = new ConcurrentDictionary<string, string>();

        for (var round = 1; round <= 3; round++)
        {
            var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
            await using (server)
            {
                var answeredBefore = acknowledged.Count;
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
                var senders = Enumerable.Range(0, Senders).Select(s => SendUntilFailureAsync(server.BaseAddress, $"r{round}s{s}", acknowledged, stop.Token)).ToArray();

                await Poll.UntilAsync(() => acknowledged.Count >= answeredBefore + AcceptedBeforeKill, $"{AcceptedBeforeKill} acknowledged events in round {round}", Token);
                await server.KillAsync(Token);
                await Task.WhenAll(senders);
            }

            var stored = _schema is null ? ReadSqlite() : await _schema.ReadEventIdsAsync(Token);
            var missing = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var id) || id != a.Value).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: {acknowledged.Count} acknowledged in all, {stored.Count} stored, {missing.Count} missing");
            Assert.Empty(missing);
        }

        // A restart after the last kill must open the inbox, recover the WAL and keep deduplicating.
        await using var last = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        using var client = new HttpClient { BaseAddress = last.BaseAddress };
        var (eventId, firstId) = acknowledged.First();
        using var again = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
        using var response = await client.SendAsync(again, Token);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
        Assert.Equal(("duplicate", firstId), (answer.GetProperty("status").GetString(), answer.GetProperty("id").GetString()));
    }

    private static async Task SendUntilFailureAsync(Uri baseAddress, string prefix, ConcurrentDictionary<string, string> acknowledged, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var eventId = $"{prefix}-{n}";
            try
            {
                using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(eventId), secret: Secret);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;

                var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
                acknowledged[eventId] = answer.GetProperty("id").GetString()!;
            }
            catch (HttpRequestException)
            {
                return; // the server is gone; what was not answered was not promised
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private Dictionary<string, string> ReadSqlite()
    {
        using var connection = new SqliteConnection($"Data Source={_directory.Combine("hookbox-data/hookbox.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, id FROM events";
        using var reader = command.ExecuteReader();
        var stored = new Dictionary<string, string>();
        while (reader.Read())
            stored[reader.GetString(0)] = reader.GetString(1);

        return stored;
    }
}
