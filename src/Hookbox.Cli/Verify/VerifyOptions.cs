using System.CommandLine;

namespace Hookbox.Cli;

/// <summary>The options of <c>hookbox verify</c>, named as the source settings they stand for.</summary>
internal sealed class VerifyOptions
{
    public VerifyOptions()
    {
        Scheme.AcceptOnlyFromAmong([.. SchemeNames.All]);
        Algorithm.AcceptOnlyFromAmong("sha256", "sha512");
        Encoding.AcceptOnlyFromAmong("hex", "base64");
        Tolerance.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
                result.AddError("--tolerance is in seconds, 0 (no check) or more.");
        });
    }

    public Option<string> Body { get; } = new("--body") { Required = true, Description = "The file holding the raw body, exactly as received ('-' reads standard input)" };

    public Option<string> Signature { get; } = new("--signature") { Required = true, Description = "The signature header's value, as received" };

    public Option<string[]> Secrets { get; } = new("--secret") { Description = $"The signing secret; repeat it for several (any one verifies). Default: --secret-file, {CliSecrets.EnvironmentVariable}, else the --source's secrets" };

    public Option<string?> SecretFile { get; } = CliSecrets.FileOption();

    public Option<string?> Source { get; } = new("--source") { Description = "Take the scheme, secrets and settings of this configured source" };

    public Option<string?> Scheme { get; } = new("--scheme") { Description = $"The signature scheme: {string.Join(", ", SchemeNames.All)} (default: the source's, else pocketsflow)" };

    public Option<string?> Timestamp { get; } = new("--timestamp") { Description = "The timestamp header's value, for schemes that sign it (webhook-timestamp, X-Pocketsflow-Timestamp…)" };

    public Option<string?> Id { get; } = new("--id") { Description = "Standard Webhooks: the webhook-id header's value, which is signed" };

    public Option<int?> Tolerance { get; } = new("--tolerance") { Description = "How far a signed timestamp may be from now, in seconds (default: the source's, else 300; 0: no check)" };

    public Option<bool> SignedTimestamp { get; } = new("--signed-timestamp") { Description = "Pocketsflow: the timestamp is signed, as '{timestamp}.{body}'" };

    public Option<string?> Algorithm { get; } = new("--algorithm") { Description = "hmac: sha256 (default) or sha512" };

    public Option<string?> Encoding { get; } = new("--encoding") { Description = "hmac: hex (default) or base64" };

    public Option<string?> SignaturePrefix { get; } = new("--signature-prefix") { Description = "hmac: the text before the signature, such as sha256=" };

    public Option<string?> SignedContent { get; } = new("--signed-content") { Description = "hmac: what is signed, such as {timestamp}.{body} (default {body})" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the verdict as JSON" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Body, Signature, Secrets, SecretFile, Source, Scheme, Timestamp, Id, Tolerance, SignedTimestamp, Algorithm, Encoding, SignaturePrefix, SignedContent, Json })
            command.Options.Add(option);
    }
}
