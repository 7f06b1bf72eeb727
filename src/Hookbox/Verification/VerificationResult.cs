namespace Hookbox;

/// <summary>
/// What a signature scheme concluded about one request: a value, not an exception, because a
/// bad signature is untrusted input to answer, not a fault.
/// </summary>
/// <param name="Status">Whether the request is authentic, and if not, why.</param>
/// <param name="Message">A sentence for the sender's operator; never contains a secret or a computed signature.</param>
/// <param name="SenderTimestamp">The time the sender stamped on the request, when it sent one (signed or not).</param>
internal readonly record struct VerificationResult(VerificationStatus Status, string Message, DateTimeOffset? SenderTimestamp)
{
    /// <summary>True when the request is authentic.</summary>
    public bool IsValid => Status == VerificationStatus.Valid;

    internal static VerificationResult Valid(DateTimeOffset? senderTimestamp) =>
        new(VerificationStatus.Valid, "valid", senderTimestamp);

    internal static VerificationResult Missing(string message) =>
        new(VerificationStatus.MissingSignature, message, null);

    internal static VerificationResult Malformed(string message, DateTimeOffset? senderTimestamp = null) =>
        new(VerificationStatus.MalformedSignature, message, senderTimestamp);

    internal static VerificationResult Mismatch(string message, DateTimeOffset? senderTimestamp) =>
        new(VerificationStatus.Mismatch, message, senderTimestamp);

    internal static VerificationResult OutOfTolerance(DateTimeOffset senderTimestamp, DateTimeOffset now, TimeSpan tolerance) =>
        new(
            VerificationStatus.TimestampOutOfTolerance,
            $"the signed timestamp {senderTimestamp:O} is {FormatAge(now - senderTimestamp)} from the receiver's clock, outside the tolerance of {tolerance.TotalSeconds:0} s",
            senderTimestamp);

    private static string FormatAge(TimeSpan age) =>
        age < TimeSpan.Zero ? $"{-age.TotalSeconds:0} s ahead" : $"{age.TotalSeconds:0} s behind";
}
