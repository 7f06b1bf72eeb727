using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary>
/// A real <c>hookbox serve</c> killed with SIGKILL while deliveries are in flight: after the
/// restart every accepted event reaches its destination at least once.
/// </summary>
public sealed class DispatchCrashTests : IDisposable
{
    private const string Secret = "whsec_dispatch_crash";
    private readonly TempDirectory _directory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_KilledWhileDelivering_DeliversEveryAcceptedEventAfterRestart()
    {
        var delivered = new ConcurrentDictionary<string, int>();
        await using var destination = await DestinationServer.StartAsync(async (_, request) =>
        {
            // Slow enough that a kill finds deliveries in flight.
            await Task.Delay(TimeSpan.FromMilliseconds(20), request.HttpContext.RequestAborted);
            delivered.AddOrUpdate(request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
            return 200;
        }, Token);
        var environment = ServeEnvironment.Pocketsflow(Secret).RoutedTo(destination);
        environment["Hookbox__Dispatch__AttemptTimeout"] = "00:00:02";
        environment["Hookbox__Dispatch__LeaseMargin"] = "00:00:01";
        var accepted = new ConcurrentBag<string>();

        await using (var server = await HookboxProcess.ServeAsync(_directory.Path, environment, Token))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var senders = Enumerable.Range(0, 16).Select(s => SendAsync(server.BaseAddress, $"s{s}", accepted, stop.Token)).ToArray();
            await Poll.UntilAsync(() => accepted.Count >= 300 && !delivered.IsEmpty, "events accepted and deliveries under way", Token);
            await server.KillAsync(Token);
            await Task.WhenAll(senders);
        }

        var deliveredBeforeRestart = delivered.Count;
        await using var restarted = await HookboxProcess.ServeAsync(_directory.Path, environment, Token);
        await Poll.UntilAsync(() => accepted.All(delivered.ContainsKey), "every accepted event to be delivered", Token, TimeSpan.FromSeconds(60));

        var twice = delivered.Count(d => d.Value > 1);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{accepted.Count} accepted; {deliveredBeforeRestart} delivered before the kill; {twice} delivered more than once after the restart");
        Assert.True(deliveredBeforeRestart < accepted.Count, "the kill came while deliveries were still owed");
    }

    private static async Task SendAsync(Uri baseAddress, string prefix, ConcurrentBag<string> accepted, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            try
            {
                using var request = PocketsflowEvents.Request(PocketsflowEvents.Body($"{prefix}-{n}"), secret: Secret);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    accepted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("id").GetString()!);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return; // the server is gone; what was not answered was not promised
            }
        }
    }
}
