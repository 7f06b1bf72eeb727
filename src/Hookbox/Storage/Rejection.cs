namespace Hookbox.Storage;

/// <summary>A request to a known source that Hookbox refused, kept so its sender's operator can see why.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
/// <param name="StatusCode">The HTTP status answered.</param>
/// <param name="Error">The error code answered (see <see cref="ErrorCodes"/>).</param>
/// <param name="Message">The message answered; never a secret.</param>
/// <param name="Headers">The received headers as a UTF-8 JSON object, credentials redacted.</param>
/// <param name="BodyBytes">The body's length when known; the body itself is not kept.</param>
public sealed record Rejection(
    string Source,
    DateTimeOffset ReceivedAt,
    int StatusCode,
    string Error,
    string Message,
    ReadOnlyMemory<byte> Headers,
    long? BodyBytes);
