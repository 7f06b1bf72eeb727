using Microsoft.Data.Sqlite;

namespace Hookbox.AspNetCore.Tests;

/// <summary>
/// A test that starts servers of its own (Hookbox hosts, destinations, chat webhooks) over a
/// data directory of its own, and stops them all afterwards, the last started first.
/// </summary>
public abstract class ServersTest : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _servers = [];

    protected TempDirectory DataDirectory { get; } = new();

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Stops <paramref name="server"/> when the test ends.</summary>
    protected T Track<T>(T server)
        where T : IAsyncDisposable
    {
        _servers.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
            await server.DisposeAsync();

        SqliteConnection.ClearAllPools();
        DataDirectory.Dispose();
        GC.SuppressFinalize(this);
    }
}
