using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hookbox.AspNetCore.Tests;

/// <summary>A test over a real Hookbox host and SQLite file of its own, started before each test.</summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected TempDirectory Directory { get; } = new();

    protected HookboxTestHost Host { get; private set; } = null!; // set in InitializeAsync, before any test

    protected HttpClient Client => Host.Client;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected virtual Dictionary<string, string?> Settings() => HookboxTestHost.DefaultSettings(Directory.Path);

    protected virtual Task<HookboxTestHost> StartHostAsync() => HookboxTestHost.StartAsync(Settings(), Token);

    public async ValueTask InitializeAsync() => Host = await StartHostAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));

    protected async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
            return await Client.SendAsync(request, Token);
    }

    protected async Task<JsonElement> EventsAsync(string query = "")
    {
        using var response = await Client.GetAsync($"/api/events{query}", Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    protected async Task<int> StoredEventCountAsync() => (await EventsAsync("?limit=500")).GetProperty("items").GetArrayLength();
}
