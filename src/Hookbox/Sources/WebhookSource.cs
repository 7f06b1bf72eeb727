namespace Hookbox;

/// <summary>A configured sender, ready to check requests: its scheme holding its keys, and where its envelope fields are.</summary>
internal sealed class WebhookSource(
    string name,
    WebhookScheme kind,
    ISignatureScheme scheme,
    EnvelopeReader envelope,
    int maxBodyBytes,
    IReadOnlyList<string> secrets,
    CatchUpOptions? catchUp = null,
    TimeSpan? expectEventsWithin = null)
{
    /// <summary>The source's name in lower case: the route segment matches it case-insensitively, and events are stored under it.</summary>
    public string Name { get; } = name;

    /// <summary>What Hookbox knows of the source's scheme.</summary>
    public WebhookScheme Kind { get; } = kind;

    /// <summary>The scheme's name, one of <see cref="SchemeNames.All"/>.</summary>
    public string SchemeName => Kind.Name;

    public ISignatureScheme Scheme { get; } = scheme;

    public EnvelopeReader Envelope { get; } = envelope;

    public int MaxBodyBytes { get; } = maxBodyBytes;

    /// <summary>The secrets as configured, so a header that carries one is never stored or shown.</summary>
    public IReadOnlyList<string> Secrets { get; } = secrets;

    /// <summary>How the sender's API is looked up for missed events; null when it is not.</summary>
    public CatchUpOptions? CatchUp { get; } = catchUp;

    /// <summary>How long without a webhook raises the silence alert; null for never.</summary>
    public TimeSpan? ExpectEventsWithin { get; } = expectEventsWithin;

    /// <summary>Whether a body already stored for this source is a duplicate whatever its event id (see <see cref="SourceOptions.DedupeOnBody"/>).</summary>
    public bool DedupesOnBody { get; init; }

    /// <summary>The configured signature header of an <c>hmac</c> source, which is stored as a digest like every scheme's own.</summary>
    public string? SignatureHeader { get; init; }

    /// <summary>The headers as the inbox keeps them: credentials redacted, signatures digested (never replayable).</summary>
    public byte[] StoredHeaders(ReceivedHeaders headers, int maxBytes = int.MaxValue) => headers.ToJsonUtf8(Secrets, maxBytes, SignatureHeader);

    /// <summary>The lowercase hex SHA-256 of the body when this source dedupes on it; null otherwise.</summary>
    public string? BodyDigestOf(ReadOnlySpan<byte> body) =>
        DedupesOnBody ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)) : null;

    /// <summary>The id a catch-up look would have stored this event under (see <see cref="WebhookScheme.CatchUpIdOf"/>).</summary>
    public string? CatchUpIdOf(EventEnvelope envelope) => Kind.CatchUpIdOf(envelope);
}
