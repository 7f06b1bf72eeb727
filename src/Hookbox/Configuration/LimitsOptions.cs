namespace Hookbox;

/// <summary>
/// What an abusive client may cost: the web server's connection and request limits, the
/// refusals one client address may collect before it is answered 429, and how many refusal
/// lines reach the log. The defaults suit webhooks: small requests from a few senders.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>
    /// The most connections open at once; past it, new connections are closed at once. Default
    /// 4096. Applied by <c>hookbox serve</c>, or in library mode by <c>AddHookboxServerLimits()</c>.
    /// </summary>
    public int MaxConcurrentConnections { get; set; } = 4096;

    /// <summary>The most bytes a request's headers may take, all together; past it the answer is 431. Default 16384 (16 KiB). Applied like <see cref="MaxConcurrentConnections"/>.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>How long a client may take to send a request's headers before its connection is closed. Default 10 seconds. Applied like <see cref="MaxConcurrentConnections"/>.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest a request body may arrive, in bytes a second, averaged from its start; a client
    /// that trickles slower loses its connection (408) once <see cref="MinRequestBodyGracePeriod"/>
    /// has passed. Default 1024; 0 turns the check off. Applied like <see cref="MaxConcurrentConnections"/>.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before the rate is enforced. Default 5 seconds.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many refused requests (bad signature, unknown source, 400, 413, 415…) one client
    /// address may collect in <see cref="RefusalWindow"/>; past it, its requests to
    /// <c>/webhooks/…</c> are answered 429 <c>too_many_refusals</c> with Retry-After before their
    /// body is read, until the window ends. Default 120; 0 turns the throttle off. Correctly
    /// signed deliveries do not count.
    /// </summary>
    public int MaxRefusals { get; set; } = 120;

    /// <summary>The window <see cref="MaxRefusals"/> is counted over. Default 1 minute.</summary>
    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a throttled request waits before its 429: a client flooding over keep-alive
    /// connections gets one answer a connection per this delay, instead of as many as the server
    /// can write, so the flood costs the abuser time and the server little. Default 1 second;
    /// 0 answers at once.
    /// </summary>
    public TimeSpan ThrottledAnswerDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many refusal log lines each source writes a minute; the rest are counted, and the
    /// count is logged with the next line written after the minute. Default 10; 0 writes none.
    /// </summary>
    public int RefusalLogLinesPerMinute { get; set; } = 10;
}
