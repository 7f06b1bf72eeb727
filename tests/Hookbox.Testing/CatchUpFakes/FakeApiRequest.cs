namespace Hookbox.Testing;

/// <summary>One request a fake API got, as it arrived: faulted, refused and answered ones alike.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="PathAndQuery">The path and query string, as sent.</param>
/// <param name="Query">The query's parameters, decoded, name to (first) value.</param>
/// <param name="Headers">The request's headers, name to value, case-insensitive.</param>
public sealed record FakeApiRequest(
    string Method,
    string Path,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers);
