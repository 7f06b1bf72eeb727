using System.Net;
using System.Net.Sockets;

namespace Hookbox.Testing;

/// <summary>
/// A real TCP forwarder, as nginx's stream module, stunnel, <c>ssh -R</c> or a sidecar would be:
/// it listens on a loopback address of its own and pipes every connection's bytes, unchanged, to
/// the target. Hookbox sees each request arrive from the forwarder's loopback address.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private TcpForwarder(IPAddress listenOn, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(listenOn, 0);
        _listener.Start();
        var local = (IPEndPoint)_listener.LocalEndpoint;
        BaseAddress = new Uri($"http://{local.Address}:{local.Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>Where to send requests: the forwarder's own address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Forwards from <paramref name="listenOn"/> (such as 127.0.0.2) at a free port to <paramref name="target"/>.</summary>
    public static TcpForwarder Start(IPAddress listenOn, Uri target) =>
        new(listenOn, new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await upstream.ConnectAsync(_target, _stopping.Token);
                await using var fromClient = new NetworkStream(client, ownsSocket: false);
                await using var toServer = new NetworkStream(upstream, ownsSocket: false);
                var up = CopyThenShutDownAsync(fromClient, toServer, upstream);
                var down = CopyThenShutDownAsync(toServer, fromClient, client);
                await Task.WhenAll(up, down);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // A connection ends however it ends; the test sees the HTTP answer, or none.
            }
        }
    }

    private async Task CopyThenShutDownAsync(Stream from, Stream to, Socket toSocket)
    {
        await from.CopyToAsync(to, _stopping.Token);
        toSocket.Shutdown(SocketShutdown.Send);
    }
}
