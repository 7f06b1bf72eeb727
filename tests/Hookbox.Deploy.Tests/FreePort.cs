using System.Net;
using System.Net.Sockets;

namespace Hookbox.Deploy.Tests;

/// <summary>A loopback TCP port nothing listens on now, for a test that must name the port before its server starts.</summary>
internal static class FreePort
{
    // Another process may take it in between; the server then fails saying the address is taken.
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
