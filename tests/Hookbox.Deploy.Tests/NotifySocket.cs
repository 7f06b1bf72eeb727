using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// The socket systemd gives a <c>Type=notify</c> service in <c>NOTIFY_SOCKET</c>: a unix datagram
/// socket, each datagram a set of <c>NAME=value</c> lines (<c>READY=1</c>, <c>STOPPING=1</c>).
/// </summary>
internal sealed class NotifySocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _receiving = ReceiveAsync();
    }

    public string Path { get; }

    /// <summary>Waits for the next datagram with the line <paramref name="line"/>; returns the whole datagram.</summary>
    public async Task<string> WaitForAsync(string line, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(timeout.Token);
                if (message.Split('\n').Contains(line, StringComparer.Ordinal))
                    return message;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No {line} arrived on {Path} within 60 s.");
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                _received.Writer.TryWrite(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        File.Delete(Path);
    }
}
