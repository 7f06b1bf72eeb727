namespace Hookbox;

/// <summary>
/// The rule an event id or type is held to, wherever one comes from (a webhook or a catch-up look):
/// it must be able to travel in an HTTP header, since every delivery to a destination carries it in
/// <c>Hookbox-Event-Id</c> and <c>Hookbox-Event-Type</c>. Refused when received, it is a 400 the
/// sender's operator sees; let through, it would fail every delivery attempt until dead.
/// </summary>
internal static class HeaderSafeText
{
    /// <summary>
    /// True for printable ASCII (0x20–0x7E) that neither starts nor ends with a space: no control
    /// characters, no bidirectional overrides or other format characters, no non-ASCII letters
    /// that would look like ASCII ones, and nothing a header's trimming would change.
    /// </summary>
    public static bool Allows(string text) =>
        text.Length > 0 && text[0] != ' ' && text[^1] != ' ' && text.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0;
}
