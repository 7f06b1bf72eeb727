using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hookbox.Dashboard.Tests;

/// <summary>
/// A dashboard test: a real Hookbox on 127.0.0.1 over its own SQLite file, with one route,
/// <c>orders</c> (<c>order.*</c>), to a real destination that answers 500 to events whose id
/// starts with <c>doomed</c> while <see cref="DestinationFailing"/> is set, and 200 otherwise.
/// One attempt per delivery, so a failure is dead at once. The page is a fresh browser context.
/// </summary>
public abstract class DashboardTest(ChromiumFixture chromium) : IAsyncLifetime
{
    public const string DoomedPrefix = "doomed";
    private readonly List<string> _pageErrors = [];
    private readonly List<IAsyncDisposable> _servers = [];
    private int _failing;

    protected TempDirectory DataDirectory { get; } = new();

    protected HookboxTestHost Host { get; private set; } = null!; // set in InitializeAsync, before any test

    protected DestinationServer Destination { get; private set; } = null!; // set in InitializeAsync

    protected IBrowserContext? Context { get; private set; }

    protected IPage Page { get; private set; } = null!; // set by OpenAsync, which each browser test calls first

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected bool DestinationFailing
    {
        get => Volatile.Read(ref _failing) == 1;
        set => Volatile.Write(ref _failing, value ? 1 : 0);
    }

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>
    /// Whether the test's browser context starts signed in, with the host's admin token in its
    /// tabs' storage as the sign-in form or the <c>hookbox dashboard</c> link leaves it. Default
    /// true; a test of signing in starts signed out.
    /// </summary>
    protected virtual bool SignedIn => true;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Starts the servers the host's settings refer to (such as a sender's API) before the host, and adds those settings.</summary>
    protected virtual Task StartServersAsync(Dictionary<string, string?> settings) => Task.CompletedTask;

    /// <summary>Stops <paramref name="server"/> after the host, when the test ends.</summary>
    protected T Track<T>(T server)
        where T : IAsyncDisposable
    {
        _servers.Add(server);
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        Destination = await DestinationServer.StartAsync(
            (_, request) => Task.FromResult(DestinationFailing && request.Headers["Hookbox-Event-Id"].ToString().StartsWith(DoomedPrefix, StringComparison.Ordinal) ? 500 : 200),
            Token);
        var settings = HookboxTestHost.DefaultSettings(DataDirectory.Path);
        settings["Hookbox:Dispatch:MaxAttempts"] = "1";
        settings["Hookbox:Routes:orders:Source"] = "pocketsflow";
        settings["Hookbox:Routes:orders:Events:0"] = "order.*";
        settings["Hookbox:Routes:orders:Url"] = Destination.Url.ToString();
        settings["Hookbox:Routes:orders:Secret"] = Signatures.NewStandardWebhooksSecret();
        Configure(settings);
        await StartServersAsync(settings);
        Host = await HookboxTestHost.StartAsync(settings, Token, ConfigureServices);
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
            await Context.DisposeAsync();

        await Host.DisposeAsync();
        foreach (var server in Enumerable.Reverse(_servers))
            await server.DisposeAsync();

        await Destination.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DataDirectory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens the dashboard at <paramref name="fragment"/> (such as <c>#/events</c>) in a new page.</summary>
    protected async Task<IPage> OpenAsync(string fragment = "", ColorScheme colorScheme = ColorScheme.Light)
    {
        var browser = await chromium.BrowserAsync();
        if (Context is null)
        {
            Context = await browser.NewContextAsync(NewContextOptions(colorScheme));
            if (SignedIn)
                await Context.AddInitScriptAsync($"sessionStorage.setItem('hookbox.adminToken', {JsonSerializer.Serialize(Host.AdminToken)});");
        }

        Page = await Context.NewPageAsync();
        Watch(Page);
        await Page.GotoAsync(new Uri(Host.BaseAddress, "/" + fragment).ToString());
        return Page;
    }

    /// <summary>A context as a person's new browser window would be: its own storage, a fixed size for comparable screenshots.</summary>
    protected static BrowserNewContextOptions NewContextOptions(ColorScheme colorScheme = ColorScheme.Light) => new()
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        ColorScheme = colorScheme,
        Locale = "en-GB",
        TimezoneId = "UTC",
    };

    /// <summary>Collects what the page reports as broken: script errors and console errors (a CSP violation is one).</summary>
    protected void Watch(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.PageError += (_, error) => _pageErrors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // The sign-in flow meets 401s on purpose; the browser reports each as a failed load.
            if (message.Type == "error" && !message.Text.Contains("status of 401", StringComparison.Ordinal))
                _pageErrors.Add($"console: {message.Text}");
        };
    }

    protected void AssertNoPageErrors() => Assert.Empty(_pageErrors);

    /// <summary>Saves a full-page screenshot of what the page shows now, under the test output's screenshots folder.</summary>
    protected async Task ScreenshotAsync(string view, IPage? page = null)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, view + ".png");
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot of {view}: {path}");
    }

    /// <summary>Sends a signed Pocketsflow event and returns its Hookbox id.</summary>
    protected async Task<string> SendAsync(string webhookId, string type = "order.completed", byte[]? body = null)
    {
        using var request = PocketsflowEvents.Request(body ?? PocketsflowEvents.Body(webhookId), type);
        using var response = await Host.Client.SendAsync(request, Token);
        Assert.True(response.IsSuccessStatusCode, $"sending {webhookId} was answered {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return json.RootElement.GetProperty("id").GetString()!; // the contract's 200 always has an id
    }

    /// <summary>A Pocketsflow <c>order.completed</c> body (or another order event's) about order <paramref name="orderId"/>.</summary>
    protected static byte[] OrderBody(string webhookId, string orderId, string type = "order.completed") => System.Text.Encoding.UTF8.GetBytes(
        $$"""{"event":"{{type}}","order":{"id":"{{orderId}}","status":"completed","amount":29.99,"currency":"usd"},"customer":{"email":"buyer@example.com"},"webhookId":"{{webhookId}}"}""");

    /// <summary>Sends a request Hookbox refuses for its signature: one entry in the rejection log.</summary>
    protected async Task SendBadlySignedAsync(string webhookId)
    {
        using var request = PocketsflowEvents.Request(PocketsflowEvents.Body(webhookId), signature: new string('0', 64));
        using var response = await Host.Client.SendAsync(request, Token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Waits, through the API, until the dispatcher has brought the event to <paramref name="status"/>.</summary>
    protected Task WaitForStatusAsync(string id, string status, HttpClient? client = null) =>
        Poll.UntilAsync(async () => await StatusAsync(id, client) == status, $"event {id} to be {status}", Token);

    protected async Task<string?> StatusAsync(string id, HttpClient? client = null)
    {
        using var json = JsonDocument.Parse(await (client ?? Host.Client).GetStringAsync($"/api/events/{id}", Token));
        return json.RootElement.GetProperty("status").GetString();
    }
}
