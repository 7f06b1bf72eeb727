using System.CommandLine;
using System.Text.RegularExpressions;

namespace Hookbox.Cli;

/// <summary>
/// The source settings <c>hookbox verify</c> checks with: a configured source's, with what the
/// command line gives on top, validated by the same factory that builds the server's sources.
/// </summary>
internal static partial class VerifySettings
{
    // The name a source gets when only the command line describes it; it appears in no message.
    private const string CommandLineSource = "verify";

    /// <summary>The options that stand for each source setting, to name the option a bad value came from.</summary>
    private static readonly Dictionary<string, string> OptionForKey = new(StringComparer.Ordinal)
    {
        ["Secrets"] = "--secret",
        ["Scheme"] = "--scheme",
        ["ToleranceSeconds"] = "--tolerance",
        ["SignedTimestamp"] = "--signed-timestamp",
        ["Algorithm"] = "--algorithm",
        ["Encoding"] = "--encoding",
        ["SignaturePrefix"] = "--signature-prefix",
        ["SignedContent"] = "--signed-content",
    };

    /// <summary>The source's name and settings, or what is wrong with the command line.</summary>
    public static (string SourceName, SourceOptions? Options, string? Error) Build(ParseResult result, VerifyOptions verify, HookboxOptions configuration)
    {
        var sourceName = result.GetValue(verify.Source);
        SourceOptions? configured = null;
        if (sourceName is not null)
        {
            configured = configuration.Sources.GetValueOrDefault(sourceName);
            // As 'hookbox serve' does with no source configured: the generated sample secret.
            if (configured is null && sourceName.Equals(SchemeNames.Pocketsflow, StringComparison.OrdinalIgnoreCase)
                                   && DevelopmentSecret.TryRead(configuration.DataDirectory) is { Length: > 0 } generated)
            {
                configured = new SourceOptions();
                configured.Secrets.Add(generated);
            }

            if (configured is null)
            {
                return (sourceName, null,
                    $"No source '{sourceName}' is configured (appsettings.json here, or Hookbox__Sources__{sourceName}__… variables); pass --scheme and --secret instead.");
            }
        }

        var scheme = (result.GetValue(verify.Scheme)
                      ?? configured?.Scheme
                      ?? (sourceName is not null && SchemeNames.All.Contains(sourceName.ToLowerInvariant()) ? sourceName : SchemeNames.Pocketsflow)).ToLowerInvariant();
        var (secrets, secretError) = CliSecrets.Read(result.GetValue(verify.Secrets) ?? [], result.GetValue(verify.SecretFile));
        if (secretError is not null)
            return (sourceName ?? CommandLineSource, null, secretError);

        // The configuration was loaded for this command alone, so the command line is laid over
        // the configured source itself: no copy to keep in step with SourceOptions' properties.
        var options = configured ?? new SourceOptions();
        options.Scheme = scheme;
        if (secrets.Count > 0)
        {
            options.Secrets.Clear();
            options.Secrets.AddRange(secrets);
        }

        // Asking for --tolerance 0 on the command line is the explicit choice the server's configuration needs AllowNoTolerance for.
        if (result.GetValue(verify.Tolerance) is { } tolerance)
            (options.ToleranceSeconds, options.AllowNoTolerance) = (tolerance, options.AllowNoTolerance || tolerance == 0);

        if (result.GetValue(verify.SignedTimestamp))
            options.SignedTimestamp = true;

        options.Algorithm = result.GetValue(verify.Algorithm) ?? options.Algorithm;
        options.Encoding = result.GetValue(verify.Encoding) ?? options.Encoding;
        options.SignaturePrefix = result.GetValue(verify.SignaturePrefix) ?? options.SignaturePrefix;
        options.SignedContent = result.GetValue(verify.SignedContent) ?? options.SignedContent;
        WebhookSchemes.Find(scheme)?.NameUnconfiguredHeaders(options);

        if (options.Secrets.Count == 0)
            return (sourceName ?? CommandLineSource, null, $"Give the secret with --secret, --secret-file or {CliSecrets.EnvironmentVariable}, or name a configured source with --source.");

        var name = sourceName ?? CommandLineSource;
        var errors = new List<string>();
        if (SignatureDoctor.TryCreateScheme(name, options, errors) is null)
        {
            var given = result.Tokens.Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
            return (name, null, string.Join(Environment.NewLine, errors.Select(e => NameTheOption(e, name, sourceName is null, given))));
        }

        return (name, options, null);
    }

    /// <summary>"Hookbox:Sources:verify:Secrets:0 is not…" becomes "--secret is not…" where the value came from the command line.</summary>
    private static string NameTheOption(string error, string sourceName, bool commandLineOnly, HashSet<string> given) =>
        SettingKey().Replace(error, match =>
        {
            if (!match.Groups["source"].Value.Equals(sourceName, StringComparison.OrdinalIgnoreCase)
                || !OptionForKey.TryGetValue(match.Groups["key"].Value, out var option)
                || !(commandLineOnly || given.Contains(option)))
            {
                return match.Value;
            }

            return option;
        });

    [GeneratedRegex(@"Hookbox:Sources:(?<source>[^:\s]+):(?<key>\w+)(?::\d+)?")]
    private static partial Regex SettingKey();
}
