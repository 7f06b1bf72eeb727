using System.CommandLine;

namespace Hookbox.Cli;

/// <summary>
/// The signing secrets a command is given, from where <c>ps</c> and shell history cannot see
/// them when the user prefers: <c>--secret</c>, else <c>--secret-file</c>, else the
/// <c>HOOKBOX_SECRET</c> environment variable. None of them: the command's own default (the
/// source's configured secrets).
/// </summary>
internal static class CliSecrets
{
    /// <summary>The environment variable a secret can come from.</summary>
    public const string EnvironmentVariable = "HOOKBOX_SECRET";

    public static Option<string?> FileOption() => new("--secret-file")
    {
        Description = $"Read the signing secret from this file, one a line (default: {EnvironmentVariable}, else the source's configured secret)",
    };

    /// <summary>
    /// The secrets given, empty when none was; or what is wrong. A message names the file or the
    /// option, never a secret.
    /// </summary>
    public static (IReadOnlyList<string> Secrets, string? Error) Read(IReadOnlyList<string> fromOption, string? file)
    {
        if (fromOption.Count > 0 && file is not null)
            return ([], "Give the secret with --secret or --secret-file, not both.");

        if (fromOption.Count > 0)
            return (fromOption, null);

        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ([], $"Cannot read the secret from '{file}': {ex.Message}");
            }

            // One secret a line; the line break an editor or `echo` adds is not part of it.
            var secrets = text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
            return secrets.Count > 0 ? (secrets, null) : ([], $"The secret file '{file}' is empty.");
        }

        return Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } secret ? ([secret], null) : ([], null);
    }
}
