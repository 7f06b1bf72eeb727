using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox;

/// <summary>
/// An internal HTTP service a route delivers to: a POST of the original body and content type,
/// signed with the Standard Webhooks scheme under the route's secret (<c>webhook-id</c> is the
/// Hookbox id, the same on every attempt), with <c>Hookbox-Source</c>, <c>Hookbox-Event-Type</c>
/// and <c>Hookbox-Event-Id</c>, and Basic authentication when the route's URL carries credentials.
/// A 2xx answer is success.
/// </summary>
internal sealed class HttpDestination(DestinationSettings settings, IHttpClientFactory clients, TimeProvider timeProvider) : IDeliveryTarget
{
    /// <summary>The IHttpClientFactory client destinations are called with.</summary>
    public const string ClientName = "Hookbox.Destinations";

    private const int ExcerptLength = 200;

    // Until it sends, it only builds the request and signs the body; HttpClient connects,
    // resolves and sends without blocking.
    public bool StartsWithoutBlocking => true;

    public static HttpDestination Create(DestinationSettings settings, IServiceProvider services) =>
        new(settings, services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<TimeProvider>());

    public async Task<AttemptResult> DeliverAsync(LeasedDelivery delivery, CancellationToken cancellationToken)
    {
        var stored = delivery.Event;
        var summary = stored.Summary;
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url.Address) { Content = new ReadOnlyMemoryContent(stored.Body) };
        request.Headers.Authorization = settings.Url.Credentials;
        request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(stored.ContentType, out var contentType)
            ? contentType
            : new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", summary.Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhooksSigner.Sign(settings.SigningKey, summary.Id, timestamp, stored.Body.Span));
        request.Headers.TryAddWithoutValidation("Hookbox-Source", summary.Source);
        request.Headers.TryAddWithoutValidation("Hookbox-Event-Type", summary.Type);
        request.Headers.TryAddWithoutValidation("Hookbox-Event-Id", summary.EventId);

        var client = clients.CreateClient(ClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return AttemptResult.Success;

            var excerpt = await ExcerptAsync(response, cancellationToken).ConfigureAwait(false);
            return AttemptResult.Failure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}");
        }
        catch (HttpRequestException ex)
        {
            return AttemptResult.Failure($"could not reach {settings.Url.ShownAuthority}: {ex.Message}");
        }
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[ExcerptLength];
        int read;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The destination broke off its answer: the status says enough.
            return "";
        }

        // Shown in terminals, logs and the dashboard: a destination's line breaks and escape
        // sequences become spaces.
        for (var i = 0; i < read; i++)
        {
            if (char.IsControl(buffer[i]))
                buffer[i] = ' ';
        }

        return new string(buffer, 0, read).Trim();
    }
}
