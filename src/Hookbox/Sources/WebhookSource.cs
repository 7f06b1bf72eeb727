namespace Hookbox;

/// <summary>A configured sender, ready to check requests: its scheme holding its keys, and where its envelope fields are.</summary>
internal sealed class WebhookSource(string name, ISignatureScheme scheme, EnvelopeReader envelope, int maxBodyBytes, IReadOnlyList<string> secrets)
{
    /// <summary>The source's name in lower case: the route segment matches it case-insensitively, and events are stored under it.</summary>
    public string Name { get; } = name;

    public ISignatureScheme Scheme { get; } = scheme;

    public EnvelopeReader Envelope { get; } = envelope;

    public int MaxBodyBytes { get; } = maxBodyBytes;

    /// <summary>The secrets as configured, so a header that carries one is never stored or shown.</summary>
    public IReadOnlyList<string> Secrets { get; } = secrets;
}
