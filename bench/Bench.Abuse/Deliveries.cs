using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Abuse;

/// <summary>Pocketsflow-shaped bodies, their signatures, and HTTP clients bound to a chosen loopback address.</summary>
internal static class Deliveries
{
    public static byte[] Body(string webhookId) => Encoding.UTF8.GetBytes(
        "{\"subscription\":{\"id\":\"6949918ee8d99b0e628103e0\",\"customerId\":\"cus_8Qx2m1\"}," +
        "\"customer\":{\"email\":\"buyer@example.com\",\"firstName\":\"Jane\",\"lastName\":\"Buyer\"},\"status\":\"active\",\"amount\":1500,\"currency\":\"usd\"," +
        "\"paymentMethod\":{\"id\":\"pm_4Xn8Tz1\",\"type\":\"card\",\"brand\":\"visa\",\"last4\":\"4242\",\"expMonth\":11,\"expYear\":2029}," +
        "\"portalUrl\":\"https://app.pocketsflow.com/portal/6949918ee8d99b0e628103e0/6a43ce05fae6c4f0cb5a2193\"," +
        $"\"metadata\":{{\"plan\":\"pro\"}},\"webhookId\":\"{webhookId}\"}}");

    public static string Sign(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static HttpRequestMessage Signed(Uri url, string secret, byte[] body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Pocketsflow-Signature", signature ?? Sign(secret, body));
        request.Headers.Add("X-Pocketsflow-Event", "invoice.payment_succeeded");
        request.Headers.Add("X-Pocketsflow-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return request;
    }

    /// <summary>A client whose connections leave from <paramref name="local"/>, so the server sees that client address.</summary>
    public static HttpClient ClientFrom(IPAddress local, int connections, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = Connectable(local);
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
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
        Timeout = timeout,
    };

    public static Socket Connectable(IPAddress local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(local, 0));
        return socket;
    }
}
