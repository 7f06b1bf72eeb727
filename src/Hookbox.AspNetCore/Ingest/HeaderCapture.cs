using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>Copies ASP.NET Core's request headers into the host-independent <see cref="ReceivedHeaders"/>.</summary>
internal static class HeaderCapture
{
    public static ReceivedHeaders From(IHeaderDictionary headers)
    {
        var items = new KeyValuePair<string, string>[headers.Count];
        var i = 0;
        foreach (var (name, values) in headers)
            items[i++] = new KeyValuePair<string, string>(name, values.ToString());

        return new ReceivedHeaders(items);
    }
}
