using Spectre.Console;

namespace Hookbox.Cli;

/// <summary>
/// Where a client command writes: Spectre.Console for people (tables and colours when the
/// terminal has them, plain text when it is redirected or NO_COLOR is set), raw JSON for scripts.
/// </summary>
internal sealed class CliOutput
{
    // Redirected output has no width: Spectre would assume 80 columns and wrap ids and errors
    // mid-word, which breaks grep and cut. Tables take only the width they need.
    private const int RedirectedWidth = 4096;

    private CliOutput(bool json, IAnsiConsole console, IAnsiConsole errors)
    {
        Json = json;
        Console = console;
        Errors = errors;
    }

    /// <summary>True when the command prints JSON (<c>--json</c>) instead of tables.</summary>
    public bool Json { get; }

    /// <summary>Standard output, for what the command was asked for.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error, for what went wrong.</summary>
    public IAnsiConsole Errors { get; }

    public static CliOutput Create(bool json) => new(
        json,
        CreateConsole(System.Console.Out, System.Console.IsOutputRedirected),
        CreateConsole(System.Console.Error, System.Console.IsErrorRedirected));

    /// <summary>Writes JSON as it is, outside Spectre: no markup, no wrapping, one document per call.</summary>
    public static void WriteJson(string json) => System.Console.Out.WriteLine(json);

    /// <summary>Writes a failure to standard error and returns <see cref="ExitCodes.Failed"/>.</summary>
    public int Fail(string message) => Write(message, ExitCodes.Failed);

    /// <summary>Writes what is wrong with the command line and returns <see cref="ExitCodes.Usage"/>.</summary>
    public int Usage(string message) => Write(message, ExitCodes.Usage);

    private int Write(string message, int exitCode)
    {
        Errors.MarkupLine($"[red]{Markup.Escape(message)}[/]");
        return exitCode;
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
            console.Profile.Width = RedirectedWidth;

        return console;
    }
}
