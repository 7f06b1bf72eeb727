namespace Hookbox.Testing;

/// <summary>What a fake API answers one request with.</summary>
/// <param name="StatusCode">The status.</param>
/// <param name="Json">The JSON body, written as it is.</param>
/// <param name="Headers">Extra response headers, such as <c>Link</c>.</param>
internal sealed record FakeApiAnswer(int StatusCode, string Json, IReadOnlyDictionary<string, string>? Headers = null);
