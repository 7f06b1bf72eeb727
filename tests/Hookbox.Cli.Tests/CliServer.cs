using System.Collections.Concurrent;
using System.Text.Json;

namespace Hookbox.Cli.Tests;

/// <summary>
/// One real <c>hookbox serve</c>, with an admin token, shared by the client command tests: each
/// test sends to a source of its own, so filters keep tests apart. Every source routes all its
/// events to one destination, which fails order events (dead after one attempt) until the test
/// heals that source, and takes every other event. One more source, <see cref="CatchUpSource"/>,
/// is a Stripe sender with catch-up, whose API is <see cref="Sender"/>.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string Secret = "whsec_cli_tests";

    /// <summary>A Stripe source with catch-up, whose API is <see cref="Sender"/>.</summary>
    public const string CatchUpSource = "stripeup";

    public const string StripeSecret = "whsec_cli_stripe_tests";

    /// <summary>The sources, one or more per test: a test's events never show in another's list.</summary>
    public static readonly string[] Sources = ["list", "show", "replay", "deadlist", "deadreplay", "deadother", "deadstray", "erase"];

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentDictionary<string, bool> _healed = new(StringComparer.Ordinal);
    private DestinationServer? _destination;
    private SenderApiServer? _sender;
    private HookboxProcess? _server;
    private HttpClient? _client;

    public DestinationServer Destination => _destination ?? throw new InvalidOperationException("The server is not started.");

    public SenderApiServer Sender => _sender ?? throw new InvalidOperationException("The server is not started.");

    public Uri BaseAddress => (_server ?? throw new InvalidOperationException("The server is not started.")).BaseAddress;

    /// <summary>What a client command is run with: the admin token in its configuration, as an operator would set it.</summary>
    private static Dictionary<string, string?> ClientEnvironment() => new() { ["Hookbox__Admin__Token"] = AdminToken };

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _destination = await DestinationServer.StartAsync((_, request) =>
        {
            var failing = request.Headers["Hookbox-Event-Type"].ToString().StartsWith("order.", StringComparison.Ordinal)
                          && !_healed.ContainsKey(request.Headers["Hookbox-Source"].ToString());
            return Task.FromResult(failing ? 500 : 200);
        }, cancellationToken);

        var environment = new Dictionary<string, string?>
        {
            ["Hookbox__Admin__Token"] = AdminToken,
            ["Hookbox__Dispatch__MaxAttempts"] = "1",
        };
        foreach (var source in Sources)
        {
            environment[$"Hookbox__Sources__{source}__Scheme"] = "pocketsflow";
            environment[$"Hookbox__Sources__{source}__Secrets__0"] = Secret;
            environment[$"Hookbox__Routes__{source}-all__Source"] = source;
            environment[$"Hookbox__Routes__{source}-all__Events__0"] = "*";
            environment[$"Hookbox__Routes__{source}-all__Url"] = _destination.Url.ToString();
            environment[$"Hookbox__Routes__{source}-all__Secret"] = Signatures.NewStandardWebhooksSecret();
        }

        _sender = await SenderApiServer.StartAsync(cancellationToken);
        environment[$"Hookbox__Sources__{CatchUpSource}__Scheme"] = "stripe";
        environment[$"Hookbox__Sources__{CatchUpSource}__Secrets__0"] = StripeSecret;
        environment[$"Hookbox__Sources__{CatchUpSource}__CatchUp__ApiKey"] = "rk_test_cli_0123456789";
        environment[$"Hookbox__Sources__{CatchUpSource}__CatchUp__BaseUrl"] = _sender.BaseUrl.ToString();
        environment[$"Hookbox__Sources__{CatchUpSource}__CatchUp__Settle"] = "00:00:00";

        _server = await HookboxProcess.ServeAsync(_directory.Path, environment, cancellationToken);
        _client = new HttpClient { BaseAddress = _server.BaseAddress };
        _client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
    }

    /// <summary>From now on the destination takes the order events of <paramref name="source"/>.</summary>
    public void Heal(string source) => _healed[source] = true;

    /// <summary>Sends a signed Pocketsflow event and returns its Hookbox id.</summary>
    public Task<string> SendAsync(string source, string eventType, string webhookId, CancellationToken cancellationToken) =>
        SendAsync(source, eventType, PocketsflowEvents.Body(webhookId), cancellationToken);

    /// <summary>Sends <paramref name="body"/> as a signed Pocketsflow event and returns its Hookbox id.</summary>
    public async Task<string> SendAsync(string source, string eventType, byte[] body, CancellationToken cancellationToken)
    {
        using var request = PocketsflowEvents.Request(body, eventType, Secret, source);
        using var answer = await _client!.SendAsync(request, cancellationToken);
        answer.EnsureSuccessStatusCode();
        using var answerBody = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
        return answerBody.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Delivers a Stripe event to <see cref="CatchUpSource"/> as Stripe would, signed; returns its Hookbox id.</summary>
    public async Task<string> SendStripeAsync(byte[] stripeEvent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{CatchUpSource}") { Content = new ByteArrayContent(stripeEvent) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Stripe-Signature", Signatures.Stripe(StripeSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), stripeEvent));
        using var answer = await _client!.SendAsync(request, cancellationToken);
        answer.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Waits until the event's status, as the API says, is <paramref name="status"/>.</summary>
    public Task WaitForStatusAsync(string id, string status, CancellationToken cancellationToken) =>
        Poll.UntilAsync(async () =>
        {
            using var body = JsonDocument.Parse(await _client!.GetStringAsync($"/api/events/{id}", cancellationToken));
            return body.RootElement.GetProperty("status").GetString() == status;
        }, $"{id} to be {status}", cancellationToken);

    /// <summary>
    /// Waits until no look at <paramref name="source"/> runs, as the API says: a test's own look
    /// that the command has seen finish may still be recording its run and giving back its lease.
    /// </summary>
    public Task WaitForNoLookAsync(string source, CancellationToken cancellationToken) =>
        Poll.UntilAsync(async () =>
        {
            using var body = JsonDocument.Parse(await _client!.GetStringAsync($"/api/sources/{source}/catch-up", cancellationToken));
            var runs = body.RootElement.GetProperty("runs");
            return runs.GetArrayLength() == 0 || runs[0].GetProperty("finishedAt").ValueKind != JsonValueKind.Null;
        }, $"no look at {source} to run", cancellationToken);

    /// <summary>Runs a client command against this server, with the token in its configuration.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        HookboxProcess.RunAsync([.. arguments, "--url", BaseAddress.ToString()], _directory.Path, ClientEnvironment(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();

        if (_destination is not null)
            await _destination.DisposeAsync();

        if (_sender is not null)
            await _sender.DisposeAsync();

        _directory.Dispose();
    }
}
