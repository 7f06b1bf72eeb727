namespace Hookbox.Cli;

/// <summary>What <c>hookbox verify --json</c> prints: stable field names and diagnosis codes for scripts.</summary>
internal sealed record VerifyReport(bool Valid, string Diagnosis, string Message, string Scheme, DateTimeOffset? SenderTimestamp);
