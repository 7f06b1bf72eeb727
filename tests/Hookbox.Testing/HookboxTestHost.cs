using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookbox.Testing;

/// <summary>
/// A real Hookbox: Kestrel on 127.0.0.1 at a free port, over a real SQLite file, configured
/// only by what the test gives it (never by the machine's environment). Its <see cref="Client"/>
/// presents the admin token, configured or generated.
/// </summary>
public sealed class HookboxTestHost : IAsyncDisposable
{
    private int _disposed;

    private HookboxTestHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        AdminToken = app.Services.GetRequiredService<AdminCredential>().Token;
        Client = new HttpClient { BaseAddress = baseAddress };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress { get; }

    /// <summary>
    /// Presents <see cref="AdminToken"/> on every request, as an operator's client does: the
    /// admin API wants it from every client, loopback included. A request that sets its own
    /// <c>Authorization</c> header sends that one instead.
    /// </summary>
    public HttpClient Client { get; }

    /// <summary>The admin token in effect: <c>Hookbox:Admin:Token</c> when the test set it, else the one the host generated in its data directory.</summary>
    public string AdminToken { get; }

    /// <summary>A client that presents no token, for the caller to dispose.</summary>
    public HttpClient CreateAnonymousClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Settings a pocketsflow source needs, plus the data directory.</summary>
    public static Dictionary<string, string?> DefaultSettings(string dataDirectory) => new()
    {
        ["Hookbox:DataDirectory"] = dataDirectory,
        ["Hookbox:Sources:pocketsflow:Scheme"] = "pocketsflow",
        ["Hookbox:Sources:pocketsflow:Secrets:0"] = PocketsflowEvents.Secret,
    };

    public static async Task<HookboxTestHost> StartAsync(
        IDictionary<string, string?> settings,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? services = null,
        Action<ILoggingBuilder>? logging = null,
        string urls = "http://127.0.0.1:0",
        Action<IHookboxBuilder>? store = null,
        Action<WebApplication>? endpoints = null,
        bool dashboard = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var hookbox = builder.Services.AddHookbox();
        if (store is null)
            hookbox.AddSqliteStore();
        else
            store(hookbox);

        services?.Invoke(builder.Services);

        var app = builder.Build();
        endpoints?.Invoke(app);
        app.MapHookbox();
        if (dashboard)
            app.MapHookboxDashboard();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new HookboxTestHost(app, LoopbackApp.Address(app));
    }

    /// <summary>Stops the host; a second call does nothing, so a test may stop it early.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
