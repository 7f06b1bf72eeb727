using System.Text.Json;

namespace Hookbox;

/// <summary>
/// Reads JSON strings and names from bodies no one vouches for. JSON allows an escape such as
/// <c>"\ud800"</c> that makes no UTF-16 string, and System.Text.Json throws when it meets one:
/// such a string is treated as absent, and such a name as naming nothing, never as a fault.
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

    /// <summary>The value of the string token <paramref name="reader"/> is on; null when it is not valid Unicode.</summary>
    public static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The property <paramref name="name"/> of an object, if it has one.</summary>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement property)
    {
        try
        {
            return element.TryGetProperty(name, out property);
        }
        catch (InvalidOperationException)
        {
            property = default;
            return false;
        }
    }

    /// <summary>Whether the property name <paramref name="reader"/> is on is <paramref name="utf8Name"/>.</summary>
    public static bool NameEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8Name)
    {
        try
        {
            return reader.ValueTextEquals(utf8Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
