using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Reads JSON strings from bodies no one vouches for. JSON allows an escape such as
/// <c>"\ud800"</c> that makes no UTF-16 string, and <see cref="JsonElement.GetString"/> throws on it:
/// such a string is treated as absent, never as a fault.
/// </summary>
internal static class JsonText
{
    /// <summary>The string's value; null when it is not valid Unicode.</summary>
    public static string? TryGetString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
