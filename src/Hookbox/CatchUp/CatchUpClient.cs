using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Hookbox;

/// <summary>
/// The HTTP client a source's looks use: connections kept and reused from look to look, every
/// request bounded by <c>RequestTimeout</c>, and a 429 or 5xx, a timeout or a dropped connection
/// tried again after the API's <c>Retry-After</c> or an exponential backoff with jitter.
/// </summary>
internal static class CatchUpClient
{
    /// <summary>Retries after the first attempt: with 1 s growing to 30 s, a minute of trouble is ridden out.</summary>
    public const int MaxRetries = 4;

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the look fails and the next one covers its window.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(2);

    public static HttpClient Create(CatchUpOptions options, TimeProvider timeProvider)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, timeProvider)),
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, timeProvider)),
        };

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .AddTimeout(options.RequestTimeout)
            .Build();

        // A redirect would carry the API key to wherever it points: an API that redirects is refused.
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

#pragma warning disable CA2000 // the client owns the handler chain and disposes it with itself
        return new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = handler })
        {
            // Each attempt has RequestTimeout; the look as a whole has RunTimeout.
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider)
    {
        if (outcome.Result is not { } response)
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;

        var transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
        return transient && !(AskedWait(response, timeProvider) > LongestRetryAfter);
    }

    /// <summary>The wait the API asked for, capped; null for the backoff's own.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider) =>
        response is not null && AskedWait(response, timeProvider) is { } wait ? (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) : null;

    private static TimeSpan? AskedWait(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
    }
}
