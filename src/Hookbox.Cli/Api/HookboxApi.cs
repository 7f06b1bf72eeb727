using System.Net.Http.Headers;

namespace Hookbox.Cli;

/// <summary>The events API of a running Hookbox, called with the admin token when there is one.</summary>
internal sealed class HookboxApi : IDisposable
{
    private readonly HttpClient _http;

    public HookboxApi(Uri baseAddress, string? token)
    {
        // A bulk replay walks every matching event before it answers: give it time.
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrWhiteSpace(token))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
    }

    public Uri BaseAddress => _http.BaseAddress!; // set in the constructor

    public TimeSpan Timeout => _http.Timeout;

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, cancellationToken);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, cancellationToken);

    /// <summary>A POST with <paramref name="json"/> as its body.</summary>
    public Task<ApiAnswer> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, cancellationToken, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>A query string of the parameters that are set, escaped.</summary>
    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}")); // filtered to set values above

    public void Dispose() => _http.Dispose();

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken);
        return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
