using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Dispatch;

/// <summary>
/// One attempt of an HTTP destination against a real Kestrel destination on 127.0.0.1, through the
/// HttpClient Hookbox registers for destinations, on a fake clock.
/// </summary>
public sealed class HttpDestinationTests : IAsyncDisposable
{
    private const string HookboxId = "01JHOOKBOXID000000000000";
    private const string SenderEventId = "webhook_123abc";
    private static readonly string Secret = Signatures.NewStandardWebhooksSecret();
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"webhookId":"webhook_123abc","event":"order.completed","customer":"Zoë"}""");

    /// <summary>Port 1 on loopback: nothing listens there, and unlike a port just freed, no other test takes it.</summary>
    private const string Nowhere = "http://127.0.0.1:1/hooks";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_795_000_000));
    private readonly ServiceProvider _services;

    public HttpDestinationTests()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time);
        services.AddHookboxCore();
        _services = services.BuildServiceProvider();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private HttpDestination Destination(string url) =>
        HttpDestination.Create(
            new DestinationSettings(DestinationUrl.TryParse(url)!, StandardWebhooksSignatureScheme.KeyFromSecret(Secret)!),
            _services);

    private LeasedDelivery Delivery(byte[]? body = null, string? contentType = "application/json", int attempt = 1) =>
        new(7, "orders", attempt, "lease-1", new StoredEvent(
            new EventSummary(HookboxId, "pocketsflow", SenderEventId, "order.completed", EventStatus.Pending, _time.GetUtcNow()),
            null,
            contentType,
            "{}"u8.ToArray(),
            body ?? Body,
            []));

    /// <summary>A destination that answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    private static Task<DestinationServer> AnsweringAsync(int status, string body) =>
        DestinationServer.StartAsync(async (_, request) =>
        {
            request.HttpContext.Response.StatusCode = status;
            await request.HttpContext.Response.WriteAsync(body, request.HttpContext.RequestAborted);
            return DestinationServer.AnsweredItself;
        }, Token);

    [Theory]
    [InlineData(200)]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(204)]
    [InlineData(299)]
    public async Task DeliverAsync_2xx_IsSuccess(int status)
    {
        await using var server = await DestinationServer.StartAsync(_ => status, Token);

        var result = await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        Assert.Equal(AttemptResult.Success, result);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task DeliverAsync_OneAfterAnother_ReuseOneConnection()
    {
        var connections = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var server = await DestinationServer.StartAsync((_, request) =>
        {
            connections.Add(request.HttpContext.Connection.Id);
            return Task.FromResult(200);
        }, Token);
        var destination = Destination(server.Url.AbsoluteUri);

        for (var i = 0; i < 20; i++)
            Assert.Equal(AttemptResult.Success, await destination.DeliverAsync(Delivery(), Token));

        // Kestrel names each TCP connection: twenty deliveries, one connection, no handshake each.
        Assert.Equal(20, connections.Count);
        Assert.Single(connections.Distinct());
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(404, "Not Found")]
    [InlineData(409, "Conflict")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    public async Task DeliverAsync_Non2xx_IsAFailureNamingTheStatus(int status, string reason)
    {
        await using var server = await DestinationServer.StartAsync(_ => status, Token);

        var result = await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        Assert.False(result.Succeeded);
        Assert.Equal($"HTTP {status} {reason}", result.Error);
    }

    [Fact]
    public async Task DeliverAsync_FailureWithABody_ErrorEndsWithItsFirst200CharactersMadePrintable()
    {
        await using var server = await AnsweringAsync(500, "busy\r\nretry\tlater\u001b[2J" + new string('x', 300));

        var result = await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        // 21 characters, their line breaks, tab and escape turned to spaces, then 179 of the x's.
        Assert.Equal("HTTP 500 Internal Server Error: busy  retry later [2J" + new string('x', 179), result.Error);
    }

    [Fact]
    public async Task DeliverAsync_FailureWithABodyThatNeverEnds_ReadsOnlyTheExcerpt()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await DestinationServer.StartAsync(async (_, request) =>
        {
            var response = request.HttpContext.Response;
            response.StatusCode = 502;
            var chunk = Encoding.ASCII.GetBytes(new string('x', 4096));
            try
            {
                while (true)
                    await response.Body.WriteAsync(chunk, request.HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                aborted.TrySetResult();
            }

            return DestinationServer.AnsweredItself;
        }, Token);

        // Read to its end, the body would never finish: the deadline turns that into a failure, not a hang.
        var result = await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal("HTTP 502 Bad Gateway: " + new string('x', 200), result.Error);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }

    [Fact]
    public async Task DeliverAsync_FailureWhoseBodyEndsEarly_IsAFailureNamingTheStatus()
    {
        // Kestrel will not send a short body, so a socket does: the whole answer's head, then
        // the connection closed (a FIN, so the client reads all that was sent) 993 bytes short.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(Token);
            var stream = client.GetStream();
            await ReadRequestAsync(stream);
            await stream.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000\r\n\r\npartial"u8.ToArray(), Token);
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            while (await stream.ReadAsync(new byte[256], Token) > 0)
            {
                // Until the client hangs up.
            }
        }, Token);

        var result = await Destination($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/").DeliverAsync(Delivery(), Token);

        Assert.Equal("HTTP 500 Internal Server Error", result.Error);
        await answering.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }

    /// <summary>Reads one request, head and Content-Length body, so closing the socket sends a FIN, not a reset.</summary>
    private static async Task ReadRequestAsync(Stream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
            received.AddRange(buffer.AsSpan(0, await stream.ReadAsync(buffer, Token)));

        var head = Encoding.ASCII.GetString([.. received.Take(headEnd)]);
        var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l["Content-Length:".Length..], CultureInfo.InvariantCulture)).Single();
        var body = received.Count - headEnd - 4;
        while (body < length)
            body += await stream.ReadAsync(buffer, Token);
    }

    private static int IndexOfHeadEnd(List<byte> received) =>
        System.Text.Encoding.ASCII.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal);

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/cloudevents+json; charset=UTF-8")]
    public async Task DeliverAsync_BodyAndContentType_AreForwardedAsStored(string contentType)
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"customer":"Zoë Ångström","note":"a\r\nb"}"""), 0xFF, 0x00];
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);

        await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(body, contentType), Token);

        var received = Assert.Single(server.Received);
        Assert.Equal(body, received.RawBody);
        Assert.Equal(contentType, received.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a media type")]
    public async Task DeliverAsync_NoOrUnreadableContentType_IsSentAsApplicationJson(string? contentType)
    {
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);

        await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(contentType: contentType), Token);

        Assert.Equal("application/json", Assert.Single(server.Received).Headers["Content-Type"]);
    }

    [Fact]
    public async Task DeliverAsync_SendsTheStandardWebhooksHeadersSignedNowAndTheHookboxHeaders()
    {
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);

        await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        var received = Assert.Single(server.Received);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(HookboxId, received.Headers["webhook-id"]);
        Assert.Equal(now.ToString(CultureInfo.InvariantCulture), received.Headers["webhook-timestamp"]);
        Assert.Equal(Signatures.StandardWebhooks(Secret, HookboxId, now, Body), received.Headers["webhook-signature"]);
        Assert.Equal("pocketsflow", received.Headers["Hookbox-Source"]);
        Assert.Equal("order.completed", received.Headers["Hookbox-Event-Type"]);
        Assert.Equal(SenderEventId, received.Headers["Hookbox-Event-Id"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task DeliverAsync_Signature_IsValidForHookboxsStandardWebhooksVerifier()
    {
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);

        await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        var received = Assert.Single(server.Received);
        var verifier = Create("standard-webhooks", Secret).Scheme;
        var result = verifier.Verify(new ReceivedHeaders(received.Headers), received.RawBody, _time.GetUtcNow());
        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task DeliverAsync_LaterAttempt_KeepsTheWebhookIdAndSignsTheNewTime()
    {
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);
        var destination = Destination(server.Url.AbsoluteUri);

        await destination.DeliverAsync(Delivery(attempt: 1), Token);
        _time.Advance(TimeSpan.FromMinutes(10));
        await destination.DeliverAsync(Delivery(attempt: 2), Token);

        Assert.Collection(
            server.Received,
            first => Assert.Equal((HookboxId, "1795000000"), (first.Headers["webhook-id"], first.Headers["webhook-timestamp"])),
            second => Assert.Equal((HookboxId, "1795000600"), (second.Headers["webhook-id"], second.Headers["webhook-timestamp"])));
        Assert.Equal(Signatures.StandardWebhooks(Secret, HookboxId, 1_795_000_600, Body), server.Received[1].Headers["webhook-signature"]);
    }

    [Fact]
    public async Task DeliverAsync_UrlWithCredentials_SendsThemAsBasicAuthentication()
    {
        await using var server = await DestinationServer.StartAsync(_ => 200, Token);
        var url = $"http://hookbox:p%40ss%3Aword@{server.Url.Authority}/hooks";

        var result = await Destination(url).DeliverAsync(Delivery(), Token);

        Assert.True(result.Succeeded);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hookbox:p@ss:word")), Assert.Single(server.Received).Headers["Authorization"]);
    }

    [Fact]
    public async Task DeliverAsync_NothingListens_IsAFailureSayingWhichAddressItCouldNotReach()
    {
        var result = await Destination(Nowhere).DeliverAsync(Delivery(), Token);

        Assert.False(result.Succeeded);
        Assert.StartsWith("could not reach http://127.0.0.1:1: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_NothingListensAtAUrlWithCredentials_ErrorShowsThemRedacted()
    {
        var result = await Destination("http://hookbox:s3cret@127.0.0.1:1/hooks").DeliverAsync(Delivery(), Token);

        Assert.StartsWith("could not reach http://***@127.0.0.1:1: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverAsync_CancelledWhileTheDestinationHangs_ThrowsAndTheDestinationSeesTheRequestAborted()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await DestinationServer.StartAsync(async (_, request) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }

            return DestinationServer.AnsweredItself;
        }, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var attempt = Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), cancel.Token);
        await Poll.UntilAsync(() => server.Received.Count == 1, "the destination to get the request", Token);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(cancel.Token, error.CancellationToken);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task DeliverAsync_Redirect_IsAFailureAndNotFollowed(int status)
    {
        // The first answer redirects to the destination itself; a followed redirect would be a second request.
        DestinationServer? server = null;
        server = await DestinationServer.StartAsync((n, request) =>
        {
            if (n > 1)
                return Task.FromResult(200);

            request.HttpContext.Response.Headers.Location = server!.Url.AbsoluteUri; // set before any request can arrive
            return Task.FromResult(status);
        }, Token);
        await using var _ = server;

        var result = await Destination(server.Url.AbsoluteUri).DeliverAsync(Delivery(), Token);

        Assert.False(result.Succeeded);
        Assert.StartsWith($"HTTP {status} ", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Received);
    }
}
