using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bench.Abuse;

/// <summary>
/// Everything hostile at once, each from loopback addresses of its own: slow connections
/// (half trickle headers, half trickle a body), a flood of bad signatures from 16 addresses,
/// oversized bodies (a 10 MiB Content-Length, and 2 MiB chunked), and header floods.
/// </summary>
internal static class Attackers
{
    private static readonly byte[] Zeros = new byte[2 * 1024 * 1024];

    public static async Task<IReadOnlyList<string>> RunAsync(Uri url, string secret, TimeSpan duration, int slowConnections, string[] kinds, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var token = stop.Token;
        var slow = new Tally("slow");
        var flood = new Tally("bad-signature-flood");
        var oversized = new Tally("oversized-and-chunked");
        var headers = new Tally("header-flood");
        var tasks = new List<Task>();
        for (var i = 0; kinds.Contains("slow") && i < slowConnections; i++)
            tasks.Add(SlowAsync(url, Address(1, i % 32), slowBody: i % 2 == 1, TimeSpan.FromMilliseconds(i % 1000), slow, token));

        for (var i = 0; kinds.Contains("flood") && i < 16; i++)
            tasks.Add(FloodAsync(url, secret, Address(2, i), flood, token));

        for (var i = 0; kinds.Contains("oversized") && i < 2; i++)
        {
            tasks.Add(OversizedAsync(url, Address(3, i), oversized, token));
            tasks.Add(ChunkedAsync(url, Address(3, 2 + i), oversized, token));
        }

        for (var i = 0; kinds.Contains("headers") && i < 4; i++)
            tasks.Add(HeaderFloodAsync(url, Address(4, i), headers, token));

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return [slow.Line(), flood.Line(), oversized.Line(), headers.Line()];
    }

    private static IPAddress Address(int network, int host) => new([127, 0, (byte)network, (byte)(host + 1)]);

    /// <summary>Holds a connection by sending a byte or a header line a second, and opens another when the server drops it.</summary>
    private static async Task SlowAsync(Uri url, IPAddress local, bool slowBody, TimeSpan stagger, Tally tally, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(stagger, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var socket = Deliveries.Connectable(local);
                try
                {
                    await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
                    tally.Add("connected");
                    var head = slowBody
                        ? $"POST {url.AbsolutePath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nX-Pocketsflow-Signature: 00\r\n\r\n{{"
                        : $"POST {url.AbsolutePath} HTTP/1.1\r\nHost: x\r\n";
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
                    var answer = ReceiveAsync(socket, cancellationToken);
                    for (var n = 0; !answer.IsCompleted; n++)
                    {
                        await Task.WhenAny(answer, Task.Delay(1000, cancellationToken)).ConfigureAwait(false);
                        if (answer.IsCompleted)
                            break;

                        await socket.SendAsync(Encoding.ASCII.GetBytes(slowBody ? " " : $"X-Slow-{n}: y\r\n"), cancellationToken).ConfigureAwait(false);
                    }

                    tally.Add("dropped:" + await answer.ConfigureAwait(false));
                }
                catch (SocketException ex)
                {
                    tally.Add("socket:" + ex.SocketErrorCode);
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The server's first answer line's status, or "closed" when it closed without one.</summary>
    private static async Task<string> ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        try
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            return read == 0 ? "closed" : text.Length >= 12 ? text[9..12] : "partial";
        }
        catch (SocketException)
        {
            return "reset";
        }
    }

    private static async Task FloodAsync(Uri url, string secret, IPAddress local, Tally tally, CancellationToken cancellationToken)
    {
        using var client = Deliveries.ClientFrom(local, 4, TimeSpan.FromSeconds(5));
        var body = Deliveries.Body("forged");
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested)
                await SendAsync(client, Deliveries.Signed(url, secret, body, signature: "00" + new string('f', 62)), tally, cancellationToken).ConfigureAwait(false);
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private static async Task OversizedAsync(Uri url, IPAddress local, Tally tally, CancellationToken cancellationToken)
    {
        var head = Encoding.ASCII.GetBytes($"POST {url.AbsolutePath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = Deliveries.Connectable(local);
                await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(head, cancellationToken).ConfigureAwait(false);
                var answer = ReceiveAsync(socket, cancellationToken);

                // Sends the body regardless, as a careless or hostile client does, until answered.
                for (var sent = 0; sent < 10 * 1024 * 1024 && !answer.IsCompleted; sent += 64 * 1024)
                    await socket.SendAsync(Zeros.AsMemory(0, 64 * 1024), cancellationToken).ConfigureAwait(false);

                tally.Add("content-length:" + await answer.ConfigureAwait(false));
            }
            catch (SocketException ex)
            {
                tally.Add("content-length:socket:" + ex.SocketErrorCode);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task ChunkedAsync(Uri url, IPAddress local, Tally tally, CancellationToken cancellationToken)
    {
        using var client = Deliveries.ClientFrom(local, 1, TimeSpan.FromSeconds(10));
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new MemoryStream(Zeros, writable: false)) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
            await SendAsync(client, request, tally, cancellationToken, "chunked:").ConfigureAwait(false);
        }
    }

    private static async Task HeaderFloodAsync(Uri url, IPAddress local, Tally tally, CancellationToken cancellationToken)
    {
        using var client = Deliveries.ClientFrom(local, 1, TimeSpan.FromSeconds(5));
        var value = new string('h', 1000);
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("{}"u8.ToArray()) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            for (var i = 0; i < 64; i++)
                request.Headers.Add($"X-Flood-{i}", value);

            await SendAsync(client, request, tally, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, Tally tally, CancellationToken cancellationToken, string prefix = "")
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false))
            {
                await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                tally.Add(prefix + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            tally.Add(prefix + "error");
        }
    }

    private sealed class Tally(string name)
    {
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);

        public string Line() => $"RESULT mode=attack attacker={name} " +
            string.Join(' ', _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value.ToString(CultureInfo.InvariantCulture)}"));
    }
}
