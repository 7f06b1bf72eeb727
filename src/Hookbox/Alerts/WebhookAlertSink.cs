using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Hookbox;

/// <summary>
/// POSTs each alert to <c>Alerts:WebhookUrl</c> as <c>{"text":"…"}</c>, the body both Slack's and
/// Microsoft Teams' incoming webhooks take. Nothing when no URL is set. A non-2xx answer, a
/// redirect included (never followed), is a failure; its message never holds the URL, which
/// carries the webhook's credential.
/// </summary>
internal sealed class WebhookAlertSink(IHttpClientFactory clients, IOptions<HookboxOptions> options) : IAlertSink
{
    /// <summary>The IHttpClientFactory client alerts are sent with.</summary>
    public const string ClientName = "Hookbox.Alerts";

    /// <summary>How long one send may take: a chat service that hangs must not hold up the next evaluation for long.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Uri? _url = string.IsNullOrWhiteSpace(options.Value.Alerts.WebhookUrl) ? null : new Uri(options.Value.Alerts.WebhookUrl.Trim());

    public string Name => "webhook";

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (_url is null)
            return;

        using var content = new ByteArrayContent(Body(notification.Text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await clients.CreateClient(ClientName).PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the alert webhook answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }

    private static byte[] Body(string text)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
