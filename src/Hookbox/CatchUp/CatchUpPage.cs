namespace Hookbox;

/// <summary>One page of a sender's answer: the items it could read, and why it could not read the others.</summary>
/// <param name="Items">The events listed, already limited to the look's window.</param>
/// <param name="Malformed">One reason per item that could not be read (no id, no type, not an object…), without its content.</param>
public sealed record CatchUpPage(IReadOnlyList<CatchUpItem> Items, IReadOnlyList<string> Malformed);
