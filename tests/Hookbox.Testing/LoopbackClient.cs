using System.Net;
using System.Net.Sockets;

namespace Hookbox.Testing;

/// <summary>HTTP clients that connect from a chosen loopback address (127.0.0.3…), so one test plays several client machines.</summary>
public static class LoopbackClient
{
    /// <summary>A client whose connections come from <paramref name="from"/>, for the caller to dispose.</summary>
    public static HttpClient From(IPAddress from, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
