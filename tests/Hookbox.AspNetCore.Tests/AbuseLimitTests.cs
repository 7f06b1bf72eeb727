using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// Issue 11, abuse costs the abuser: each limit crossed over real Kestrel. A client address that
/// keeps being refused is answered 429 before its body is read, while a signed sender on another
/// loopback address carries on; a source's own rate limit; header size, header time and body
/// rate limits from <c>Hookbox:Limits</c>.
/// </summary>
public sealed class AbuseLimitTests : HostedTest
{
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Hookbox:Limits:MaxRefusals"] = "3";
        settings["Hookbox:Limits:MaxRequestHeadersTotalSize"] = "4096";
        settings["Hookbox:Limits:RequestHeadersTimeout"] = "00:00:02";

        // Faster than Kestrel's default minimum (240 B/s), so only this setting can drop the trickle below.
        settings["Hookbox:Limits:MinRequestBodyBytesPerSecond"] = "20000";
        settings["Hookbox:Limits:MinRequestBodyGracePeriod"] = "00:00:02";
        settings["Hookbox:Sources:metered:Scheme"] = "pocketsflow";
        settings["Hookbox:Sources:metered:Secrets:0"] = PocketsflowEvents.Secret;

        // One permit per 100 s: the third delivery in a row is over it whatever the machine's pace.
        settings["Hookbox:Sources:metered:RateLimit:PermitsPerSecond"] = "0.01";
        settings["Hookbox:Sources:metered:RateLimit:Burst"] = "2";
        return settings;
    }

    protected override Task<HookboxTestHost> StartHostAsync() =>
        HookboxTestHost.StartAsync(Settings(), Token, services => services.AddHookboxServerLimits());

    [Fact]
    public async Task Refusals_PastMaxRefusals_Are429WithRetryAfterBeforeTheBodyIsRead_WhileASignedSenderElsewhereGets200()
    {
        using var other = ClientFrom(OtherLoopback);
        for (var i = 0; i < 3; i++)
        {
            using var refused = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"forged-{i}"), secret: "whsec_wrong"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

            using var signed = await other.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"other-{i}")), Token);
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }

        // Only the head goes out, announcing a body that never comes: the answer cannot wait for it.
        var answer = await SendHeadOnlyAsync("POST /webhooks/pocketsflow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 600\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 429", answer, StringComparison.Ordinal);
        Assert.Contains("Retry-After: ", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"error\":\"too_many_refusals\"", answer, StringComparison.Ordinal);

        // Signed or not, the throttled address waits: nothing can tell before its body is read.
        using var throttledSigned = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("signed-but-throttled")));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttledSigned.StatusCode);
        Assert.True(throttledSigned.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var stillAccepted = await other.SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("other-after")), Token);
        Assert.Equal(HttpStatusCode.OK, stillAccepted.StatusCode);
    }

    [Fact]
    public async Task Refusals_UnknownSourcesAndUnsupportedTypesCountToo()
    {
        using (await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/nobody") { Content = new StringContent("{}", Encoding.UTF8, "application/json") }))
        {
        }

        using (await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/pocketsflow") { Content = new StringContent("x", Encoding.UTF8, "text/plain") }))
        {
        }

        using (await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/nobody") { Content = new StringContent("{}", Encoding.UTF8, "application/json") }))
        {
        }

        using var throttled = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/nobody") { Content = new StringContent("{}", Encoding.UTF8, "application/json") });

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("too_many_refusals", (await JsonAsync(throttled)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task SignedDeliveries_NeverCountAsRefusals()
    {
        for (var i = 0; i < 10; i++)
        {
            using var response = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"signed-{i}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task SourceRateLimit_PastItsBurst_Is429WithRetryAfterWhileOtherSourcesAreNotLimited()
    {
        for (var i = 0; i < 2; i++)
        {
            using var accepted = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body($"metered-{i}"), source: "metered"));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var limited = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("metered-2"), source: "metered"));
        using var unlimited = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("free-2")));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("rate_limited", (await JsonAsync(limited)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);

        // A limited delivery is no refusal: the sender retries it, and its address is not throttled.
        using var afterwards = await SendAsync(PocketsflowEvents.Request(PocketsflowEvents.Body("free-3")));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task Headers_OverMaxRequestHeadersTotalSize_Are431()
    {
        var request = PocketsflowEvents.Request(PocketsflowEvents.Body("big-headers"));
        request.Headers.Add("X-Padding", new string('p', 5000));

        using var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Headers_SentSlowerThanRequestHeadersTimeout_LoseTheConnection()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync("POST /webhooks/pocketsflow HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), Token);

        // Kestrel's own default would wait 30 s; the configured 2 s ends it well inside this deadline.
        var answer = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(20));

        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }

    [Fact]
    public async Task Body_TrickledBelowTheMinimumRate_LosesTheConnection()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes($"{{\"webhookId\":\"trickled\",\"pad\":\"{new string('x', 6000)}\"}}");
        var head = $"POST /webhooks/pocketsflow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n" +
                   $"X-Pocketsflow-Signature: {Signatures.Pocketsflow(PocketsflowEvents.Secret, body)}\r\nX-Pocketsflow-Event: order.completed\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);
        var reading = ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(30));

        // The client's pace, about 500 bytes a second for 12 s: enough for Kestrel's default (240),
        // far below the configured 20 000.
        using var trickle = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // The pace is what is under test, not a wait for work: Kestrel measures the rate on its own
        // clock, so the client keeps time with a timer, 50 bytes a tick.
        var sending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                for (var i = 0; i < body.Length && await pace.WaitForNextTickAsync(trickle.Token); i += 50)
                    await stream.WriteAsync(body.AsMemory(i, Math.Min(50, body.Length - i)), trickle.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The server closed the connection: what this test waits for.
            }
        }, Token);

        var answer = await reading;
        await trickle.CancelAsync();
        await sending;

        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
        Assert.DoesNotContain("\"status\":\"accepted\"", answer, StringComparison.Ordinal);
    }

    private HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = Host.BaseAddress,
    };

    private async Task<string> SendHeadOnlyAsync(string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Token);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>What the server sends until it closes the connection; fails if it is still open at the deadline.</summary>
    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream, TimeSpan deadline)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(deadline);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            Assert.Fail($"the server kept the connection open for {deadline.TotalSeconds:0} s");
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}
