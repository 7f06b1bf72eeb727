namespace Hookbox;

/// <summary>
/// The HTTP destination of a configured route, checked: where <see cref="HttpDestination"/> posts
/// and the Standard Webhooks key it signs with. The route's other settings are in its <see cref="Route"/>.
/// </summary>
internal sealed record DestinationSettings(DestinationUrl Url, byte[] SigningKey);
