namespace Hookbox;

/// <summary>
/// A source's scheme with the other choice of whether the timestamp is signed, and what to tell
/// the operator when the signature matches under it (Pocketsflow's SignedTimestamp).
/// </summary>
/// <param name="Verifier">The scheme with the other choice, and no tolerance: the question is what was signed, not when.</param>
/// <param name="Advice">What to change, when <paramref name="Verifier"/> accepts the delivery.</param>
internal sealed record TimestampSettingHint(ISignatureScheme Verifier, string Advice);
