using System.Net.Http.Headers;

namespace Hookbox.Testing;

/// <summary>Deliveries to a running Hookbox, built by hand for any scheme.</summary>
public static class WebhookRequest
{
    /// <summary>
    /// A JSON POST of <paramref name="body"/> to <c>/webhooks/{source}</c> with <paramref name="headers"/> added
    /// unchecked, so a test can send whatever a sender (or an attacker) might.
    /// </summary>
    public static HttpRequestMessage Create(string source, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{source}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);

        return request;
    }
}
