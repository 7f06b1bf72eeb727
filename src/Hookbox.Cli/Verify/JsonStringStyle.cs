namespace Hookbox.Cli;

/// <summary>How a serialiser escapes the text of JSON strings and property names.</summary>
internal enum JsonStringStyle
{
    /// <summary>Exactly as in the saved body: only the whitespace between tokens changes.</summary>
    AsSaved,

    /// <summary>Only what JSON requires (quote, backslash, control characters), as JSON.stringify writes.</summary>
    Minimal,

    /// <summary>Also every non-ASCII character as a lowercase <c>\uxxxx</c>, as Python's json.dumps writes by default.</summary>
    AsciiOnly,

    /// <summary>System.Text.Json's default: non-ASCII and HTML-sensitive characters as uppercase <c>\uXXXX</c>.</summary>
    SystemTextJson,
}
