using System.CommandLine;
using Spectre.Console;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox restore &lt;file&gt;</c>: puts a backup in place of the SQLite inbox, which no
/// Hookbox may have open (<see cref="SqliteInboxRestore"/>); the inbox it replaces is kept.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A backup made by hookbox backup" };
        var command = new Command("restore", "Replace the SQLite inbox with a backup, keeping the inbox it replaces; Hookbox must be stopped") { file };

        // Anything else (--Hookbox:DataDirectory=…) is configuration, read as serve reads it.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => RunAsync(result, result.GetValue(file)!, cancellationToken)); // a required argument
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, FileInfo file, CancellationToken cancellationToken)
    {
        var output = CliOutput.Create(json: false);
        if (InboxFileLocation.Resolve(result, output, "pg_restore", out var exitCode) is not { } database)
            return exitCode;

        try
        {
            var restore = await SqliteInboxRestore.RestoreAsync(file.FullName, database, TimeProvider.System.GetUtcNow(), cancellationToken);
            var restored = restore.Restored;
            output.Console.WriteLine(
                $"Restored {file.FullName} to {restored.Path}: {restored.Events} events, {SizeFormat.Bytes(restored.Bytes)}, schema version {restored.SchemaVersion}");
            output.Console.WriteLine(restore.PreviousPath is { } previous
                ? $"The inbox it replaced is kept as {previous}"
                : "There was no inbox there before.");
            output.Console.WriteLine(
                "Deliveries that were pending or retrying in the backup run again when hookbox serve starts with routes configured; see \"Backup and restore\" in the README.");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
        {
            return output.Fail($"Not restored: {ex.Message}");
        }
    }
}
