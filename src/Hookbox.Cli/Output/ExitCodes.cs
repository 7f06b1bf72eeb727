namespace Hookbox.Cli;

/// <summary>What the client commands exit with, so a script can tell a failure from a mistyped command.</summary>
internal static class ExitCodes
{
    /// <summary>Done, or the signature is valid.</summary>
    public const int Ok = 0;

    /// <summary>The server refused or could not be reached, or the signature is not valid.</summary>
    public const int Failed = 1;

    /// <summary>The command itself is wrong: an unknown option, a missing argument, an unreadable file.</summary>
    public const int Usage = 2;
}
