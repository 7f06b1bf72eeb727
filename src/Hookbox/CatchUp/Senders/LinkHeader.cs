using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Hookbox;

/// <summary>RFC 8288 <c>Link</c> headers, as GitHub pages its lists: <c>&lt;url&gt;; rel="next", &lt;url&gt;; rel="first"</c>.</summary>
internal static partial class LinkHeader
{
    /// <summary>The target of the link whose <c>rel</c> names <paramref name="relation"/>, or null when there is none.</summary>
    public static string? Find(HttpResponseHeaders headers, string relation)
    {
        if (!headers.TryGetValues("Link", out var values))
            return null;

        foreach (var value in values)
        {
            foreach (Match link in LinkPattern().Matches(value))
            {
                foreach (Match parameter in ParameterPattern().Matches(link.Groups["params"].Value))
                {
                    // rel may list several relations: rel="next last".
                    if (parameter.Groups["name"].Value.Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && parameter.Groups["value"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(relation, StringComparer.OrdinalIgnoreCase))
                        return link.Groups["url"].Value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>(?<params>(?:\s*;\s*[^;,]*)*)""")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("""(?<name>[A-Za-z*]+)\s*=\s*"?(?<value>[^";,]*)"?""")]
    private static partial Regex ParameterPattern();
}
