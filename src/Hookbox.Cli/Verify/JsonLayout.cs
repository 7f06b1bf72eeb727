namespace Hookbox.Cli;

/// <summary>
/// One way serialisers lay JSON out: where whitespace goes between tokens. Rewriting a body in
/// each layout finds the original bytes when a framework re-serialised or reformatted them.
/// </summary>
/// <param name="Description">How a person would say it: "compactly, without whitespace".</param>
/// <param name="Indent">One level of indentation, or null to write everything on one line.</param>
/// <param name="ItemSeparator">Between the items of an object or array, before any newline.</param>
/// <param name="KeySeparator">Between a property name and its value.</param>
internal sealed record JsonLayout(string Description, string? Indent, string ItemSeparator, string KeySeparator)
{
    /// <summary>The layouts of the usual serialisers: JSON.stringify, System.Text.Json, Python's json.dumps, Newtonsoft, jq.</summary>
    public static IReadOnlyList<JsonLayout> Common { get; } =
    [
        new("compactly, without whitespace", null, ",", ":"),
        new("with a space after each comma and colon (as Python's json.dumps writes it)", null, ", ", ": "),
        new("indented with 2 spaces", "  ", ",", ": "),
        new("indented with 4 spaces", "    ", ",", ": "),
        new("indented with tabs", "\t", ",", ": "),
    ];
}
