namespace Hookbox;

/// <summary>A configured sender, ready to check requests: its scheme holding its keys, and where its envelope fields are.</summary>
internal sealed class WebhookSource(string name, string schemeName, ISignatureScheme scheme, EnvelopeReader envelope, int maxBodyBytes)
{
    /// <summary>The source's name, as configured (the route segment matches it case-insensitively).</summary>
    public string Name { get; } = name;

    public string SchemeName { get; } = schemeName;

    public ISignatureScheme Scheme { get; } = scheme;

    public EnvelopeReader Envelope { get; } = envelope;

    public int MaxBodyBytes { get; } = maxBodyBytes;
}
