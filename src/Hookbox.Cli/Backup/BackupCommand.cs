using System.CommandLine;
using Spectre.Console;
using System.Diagnostics;
using Hookbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hookbox.Cli;

/// <summary>
/// <c>hookbox backup &lt;file&gt;</c>: a consistent copy of the SQLite inbox, taken while
/// <c>hookbox serve</c> runs and keeps taking events (<see cref="SqliteInboxBackup"/>).
/// </summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup file to write (a new file, unless --force)" };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists" };
        var command = new Command("backup", "Copy the SQLite inbox to a file, consistently, while Hookbox runs") { file, force };

        // Anything else (--Hookbox:DataDirectory=…) is configuration, read as serve reads it.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => RunAsync(result, result.GetValue(file)!, result.GetValue(force), cancellationToken)); // a required argument
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, FileInfo file, bool force, CancellationToken cancellationToken)
    {
        var output = CliOutput.Create(json: false);
        if (InboxFileLocation.Resolve(result, output, "pg_dump", out var exitCode) is not { } database)
            return exitCode;

        var watch = Stopwatch.StartNew();
        try
        {
            var copy = await SqliteInboxBackup.BackupAsync(database, file.FullName, force, cancellationToken);
            output.Console.WriteLine(
                $"Backed up {database} to {copy.Path}: {copy.Events} events, {SizeFormat.Bytes(copy.Bytes)}, schema version {copy.SchemaVersion}, in {watch.Elapsed.TotalSeconds:0.0} s");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
        {
            return output.Fail($"No backup was made: {ex.Message}");
        }
    }
}
