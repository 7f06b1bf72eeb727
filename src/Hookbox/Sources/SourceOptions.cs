namespace Hookbox;

/// <summary>One sender Hookbox accepts webhooks from.</summary>
public sealed class SourceOptions
{
    /// <summary>
    /// The signature scheme: <c>pocketsflow</c>, <c>standard-webhooks</c>, <c>stripe</c>,
    /// <c>github</c> or <c>hmac</c>. When unset, a source named after a scheme uses that scheme.
    /// </summary>
    public string? Scheme { get; set; }

    /// <summary>The signing secrets, exactly as the sender shows them. Any one verifies a request, so a secret can be rotated without downtime.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>
    /// How far a signed timestamp may be from the receiver's clock, either way, in seconds. Default
    /// 300; 0 turns the check off, and then needs <see cref="AllowNoTolerance"/>.
    /// </summary>
    public int ToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// Must be true for <see cref="ToleranceSeconds"/> 0: without the timestamp check, a captured
    /// delivery can be replayed for ever, so turning it off is a choice written down. Default false.
    /// </summary>
    public bool AllowNoTolerance { get; set; }

    /// <summary>
    /// Also treat a body already stored for this source (the SHA-256 of its bytes, for as long as
    /// its event is kept) as a duplicate, whatever event id it comes with. For senders whose id
    /// travels in an unsigned header, so a captured delivery re-sent under a new id is still
    /// stored once. Default: on for <c>github</c> (<c>X-GitHub-Delivery</c> is not signed), off
    /// for the other schemes.
    /// </summary>
    public bool? DedupeOnBody { get; set; }

    /// <summary>The largest body accepted, in bytes. Default 1048576 (1 MiB).</summary>
    public int MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>An optional limit on this source's correctly signed deliveries. Default none: they are never rate-limited.</summary>
    public SourceRateLimitOptions? RateLimit { get; set; }

    /// <summary>
    /// Pocketsflow only: verify <c>{X-Pocketsflow-Timestamp}.{body}</c> instead of the body, as
    /// one older Pocketsflow page documents, and hold the timestamp to the tolerance. Default false.
    /// </summary>
    public bool SignedTimestamp { get; set; }

    /// <summary>
    /// Read the event id from this header instead of the scheme's default place. With
    /// <see cref="EventIdPointer"/> set too, the signed body's field is the id and the header must
    /// agree with it (a request where it does not is refused, 400 <c>envelope_mismatch</c>).
    /// </summary>
    public string? EventIdHeader { get; set; }

    /// <summary>Read the event id from this JSON pointer into the body (such as <c>/data/id</c>) instead of the scheme's default place.</summary>
    public string? EventIdPointer { get; set; }

    /// <summary>
    /// Read the event type from this header instead of the scheme's default place. With
    /// <see cref="EventTypePointer"/> set too, the signed body's field is the type and the header
    /// must agree with it (a request where it does not is refused, 400 <c>envelope_mismatch</c>).
    /// </summary>
    public string? EventTypeHeader { get; set; }

    /// <summary>Read the event type from this JSON pointer into the body instead of the scheme's default place.</summary>
    public string? EventTypePointer { get; set; }

    /// <summary>Read the event's subject (the order, subscription or object it is about) from this JSON pointer instead of the scheme's default place.</summary>
    public string? SubjectPointer { get; set; }

    /// <summary>
    /// Raise the alert <c>silence:&lt;source&gt;</c> when no webhook of this source arrived for this
    /// long (counted while Hookbox has been up that long). Unset (default): no such alert.
    /// </summary>
    public TimeSpan? ExpectEventsWithin { get; set; }

    /// <summary>Ask the sender's own API for the events whose webhooks never arrived. Unset (default): never.</summary>
    public CatchUpOptions? CatchUp { get; set; }

    /// <summary>Generic <c>hmac</c> scheme: the header that carries the signature. Required for that scheme.</summary>
    public string? SignatureHeader { get; set; }

    /// <summary>Generic <c>hmac</c> scheme: <c>sha256</c> (default) or <c>sha512</c>.</summary>
    public string Algorithm { get; set; } = "sha256";

    /// <summary>Generic <c>hmac</c> scheme: <c>hex</c> (default) or <c>base64</c>.</summary>
    public string Encoding { get; set; } = "hex";

    /// <summary>Generic <c>hmac</c> scheme: text before the signature in its header, such as <c>sha256=</c>. Default none.</summary>
    public string? SignaturePrefix { get; set; }

    /// <summary>
    /// Generic <c>hmac</c> scheme: what is signed. <c>{body}</c> (default) is the raw body;
    /// <c>{timestamp}.{body}</c> prefixes the <see cref="TimestampHeader"/> value, which is then
    /// held to the tolerance.
    /// </summary>
    public string SignedContent { get; set; } = SignedContentTemplate.Body;

    /// <summary>Generic <c>hmac</c> scheme: the header holding the epoch timestamp (seconds or milliseconds).</summary>
    public string? TimestampHeader { get; set; }
}
