namespace Hookbox.Cli;

/// <summary>The saved body changed back in one way a framework, an editor or a shell may have changed it.</summary>
/// <param name="Bytes">The body as it may have been signed.</param>
/// <param name="Description">What differs, said of the signed body: "the signed body had no trailing newline".</param>
/// <param name="WhitespaceOnly">True when only whitespace differs; false when strings were escaped differently too.</param>
internal sealed record BodyVariant(byte[] Bytes, string Description, bool WhitespaceOnly);
