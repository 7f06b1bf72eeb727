using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Hookbox;

/// <summary>
/// How every sender asks its API: a GET with the key as a bearer token, a bounded JSON answer,
/// and the final status turned into a <see cref="CatchUpFailure"/>. The <see cref="HttpClient"/>
/// given already retries 429s, 5xx and timeouts, so an answer that reaches this type is final:
/// nothing here retries again.
/// </summary>
internal sealed class CatchUpHttp(HttpClient http, Uri baseUrl, string apiKey, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
{
    /// <summary>The largest answer read: a page of 100 events is far smaller, and a bigger one is not the documented list.</summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    /// <summary>No look reads more pages than this, so an API whose cursor never ends cannot hold a look forever.</summary>
    public const int MaxPages = 10_000;

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };

    // Built once: the base address without its trailing slash, so "base + /path" is one slash.
    private readonly string _base = baseUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The API's address, for messages and origin checks.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>The address of <paramref name="pathAndQuery"/> (starting with '/') under the base address, the base's own path kept.</summary>
    public Uri Url(string pathAndQuery) => new(_base + pathAndQuery, UriKind.Absolute);

    /// <summary>
    /// True when <paramref name="url"/> is on the base address's scheme, host and port: the only
    /// place a next-page link from an answer is followed, since the key goes with every request.
    /// </summary>
    public bool IsSameOrigin(Uri url) =>
        url.IsAbsoluteUri
        && string.Equals(url.Scheme, BaseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, BaseUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == BaseUrl.Port;

    /// <summary>GETs <paramref name="url"/> and reads its JSON with <paramref name="read"/> while the document is open.</summary>
    /// <exception cref="CatchUpException">The API refused, failed, timed out, or answered something that is not JSON.</exception>
    public async Task<T> GetAsync<T>(Uri url, Func<JsonElement, HttpResponseHeaders, T> read, CancellationToken cancellationToken) =>
        (await SendAsync(url, read, notFoundIsNull: false, cancellationToken).ConfigureAwait(false)).Value!; // only a 404 leaves it unset

    /// <summary>As <see cref="GetAsync{T}"/>, but a 404 is <c>default</c>: the thing asked about is gone, which is not a failed look.</summary>
    public async Task<T?> GetOrDefaultAsync<T>(Uri url, Func<JsonElement, HttpResponseHeaders, T> read, CancellationToken cancellationToken) =>
        (await SendAsync(url, read, notFoundIsNull: true, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<(T? Value, bool Found)> SendAsync<T>(Uri url, Func<JsonElement, HttpResponseHeaders, T> read, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        // Only the path goes into messages: a query may carry a cursor, never anything secret,
        // but the path is what a reader needs to find the call.
        var path = url.AbsolutePath;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            // Per request, never on the shared client's default headers: one HttpClient may serve several sources.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            if (headers is not null)
            {
                foreach (var (name, value) in headers)
                    request.Headers.TryAddWithoutValidation(name, value);
            }

            // A sender's own Accept (GitHub's media type) wins over the plain one.
            if (request.Headers.Accept.Count == 0)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
                return (default, false);

            ThrowIfFailed(response.StatusCode, path);
            var body = await ReadBoundedAsync(response, path, cancellationToken).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, ParseOptions);
            }
            catch (JsonException ex)
            {
                // The parser's message quotes the character it choked on: content, so left out.
                throw new CatchUpException(CatchUpFailure.InvalidResponse, $"the API's answer to GET {path} is not JSON", ex);
            }

            using (document)
                return (read(document.RootElement, response.Headers), true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller stopped the look (shutdown, the run's own timeout): not the API's failure.
            throw;
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout surfaces as a TaskCanceledException the caller never asked for.
            throw new CatchUpException(CatchUpFailure.Timeout, $"the API did not answer GET {path} in time", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new CatchUpException(CatchUpFailure.Timeout, $"the API did not answer GET {path} in time", ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            throw new CatchUpException(CatchUpFailure.RateLimited, $"GET {path} was held back by the client's rate limiter", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CatchUpException(CatchUpFailure.Unreachable, $"GET {path} was not sent: the API failed too often lately (circuit open)", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CatchUpException(CatchUpFailure.Unreachable, $"the API could not be reached for GET {path} ({ex.HttpRequestError})", ex);
        }
        catch (IOException ex)
        {
            // The connection broke while the body was being read.
            throw new CatchUpException(CatchUpFailure.Unreachable, $"the connection broke while reading the answer to GET {path}", ex);
        }
    }

    private static void ThrowIfFailed(HttpStatusCode status, string path)
    {
        var code = (int)status;
        var failure = code switch
        {
            >= 200 and < 300 => (CatchUpFailure?)null,
            401 or 403 => CatchUpFailure.Unauthorized,
            429 => CatchUpFailure.RateLimited,
            >= 500 => CatchUpFailure.ServerError,
            _ => CatchUpFailure.InvalidResponse,
        };
        if (failure is not { } kind)
            return;

        var message = kind switch
        {
            CatchUpFailure.Unauthorized => $"the API refused the key ({code}) for GET {path}; check that the key is right and may read what the look lists",
            CatchUpFailure.RateLimited => $"the API rate-limited GET {path} ({code}) past the retries",
            CatchUpFailure.ServerError => $"the API kept failing GET {path} ({code}) past the retries",
            _ => $"the API answered GET {path} with an unexpected status ({code}), not the documented list; check BaseUrl and the path",
        };
        throw new CatchUpException(kind, message);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
            throw TooLarge(path);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                // Checked as it arrives: a Content-Length may be absent (chunked) or wrong.
                if (buffer.Length + read > MaxResponseBytes)
                    throw TooLarge(path);

                buffer.Write(chunk, 0, read);
            }

            // The stream's own array, not a copy of up to 32 MiB; disposing a MemoryStream leaves it intact.
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }

    private static CatchUpException TooLarge(string path) =>
        new(CatchUpFailure.InvalidResponse, $"the API's answer to GET {path} is larger than {MaxResponseBytes / (1024 * 1024)} MiB, far more than a page of the documented list");
}
