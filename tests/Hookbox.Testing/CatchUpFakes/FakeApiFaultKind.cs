namespace Hookbox.Testing;

/// <summary>What a fault injected into a fake API does to one request.</summary>
internal enum FakeApiFaultKind
{
    /// <summary>Answers a status with the API's error body.</summary>
    Status,

    /// <summary>Answers 429 with <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>Never answers, until the client gives up or the fake stops.</summary>
    Hang,

    /// <summary>Answers 200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>Answers as usual, but the first listed item has no id.</summary>
    DropItemId,
}
