namespace Hookbox.Testing;

/// <summary>One injected fault, for one request.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="StatusCode">The status answered, for <see cref="FakeApiFaultKind.Status"/>.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> sent, for <see cref="FakeApiFaultKind.RateLimited"/>.</param>
internal sealed record FakeApiFault(FakeApiFaultKind Kind, int StatusCode = 0, int RetryAfterSeconds = 0);
