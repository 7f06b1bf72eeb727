namespace Hookbox.Cli;

/// <summary>
/// Where a client command finds the admin token, so it needs no flag on the machine that runs
/// Hookbox: <c>--token</c>, then <c>--token-file</c>, then <c>HOOKBOX_TOKEN</c>, then
/// <c>Hookbox:Admin:Token</c> from the configuration the server reads, then the token the server
/// generated in its data directory. A file or the environment keeps the token out of <c>ps</c>
/// and the shell's history.
/// </summary>
internal static class AdminTokenLookup
{
    public const string EnvironmentVariable = "HOOKBOX_TOKEN";

    /// <summary>The token, or null when there is none anywhere; <paramref name="error"/> says why an explicit file could not be used.</summary>
    public static string? Find(string? token, string? tokenFile, HookboxOptions options, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(token))
            return token.Trim();

        if (tokenFile is not null)
        {
            try
            {
                if (File.ReadAllText(tokenFile).Trim() is { Length: > 0 } fromFile)
                    return fromFile;

                error = $"--token-file {tokenFile} is empty.";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"--token-file {tokenFile} could not be read: {ex.Message}";
            }

            return null;
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } variable && !string.IsNullOrWhiteSpace(variable))
            return variable.Trim();

        if (!string.IsNullOrWhiteSpace(options.Admin.Token))
            return options.Admin.Token.Trim();

        try
        {
            return AdminTokenFile.TryRead(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's server: its token is not ours to read, and the API will say 401.
            return null;
        }
    }
}
