using System.Diagnostics;

namespace Hookbox.Deploy.Tests;

/// <summary>How a test starts hookbox: the published single file, or this build's dll through <c>dotnet</c>.</summary>
internal sealed class HookboxExecutable
{
    // Variables that would make a test's hookbox something the test did not say: the machine's
    // own Hookbox settings, and systemd's, should the test runner itself run under systemd.
    private static readonly string[] Inherited =
    [
        "POCKETSFLOW_WEBHOOK_SECRET", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "HOOKBOX_TOKEN",
        "NOTIFY_SOCKET", "SYSTEMD_EXEC_PID", "LISTEN_PID", "LISTEN_FDS", "INVOCATION_ID", "JOURNAL_STREAM",
    ];

    private readonly string _fileName;
    private readonly string[] _leadingArguments;

    private HookboxExecutable(string fileName, string[] leadingArguments, string description)
    {
        _fileName = fileName;
        _leadingArguments = leadingArguments;
        Description = description;
    }

    public string Description { get; }

    /// <summary>What ships when it was published (CI), else this build's dll: tests of behaviour both share.</summary>
    public static HookboxExecutable PublishedOrBuilt() =>
        PublishedBinary.Find() is { } path ? FromFile(path) : FromDll(Repository.CliDll);

    public static HookboxExecutable FromFile(string path) => new(path, [], path);

    /// <summary>A framework-dependent Hookbox.Cli.dll, run as the container image runs it: <c>dotnet Hookbox.Cli.dll</c>.</summary>
    public static HookboxExecutable FromDll(string path) => new("dotnet", [path], $"dotnet {path}");

    /// <summary>A start of hookbox with <paramref name="arguments"/>, in <paramref name="workingDirectory"/>, with only the Hookbox settings in <paramref name="environment"/>.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(_fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _leadingArguments.Concat(arguments))
            start.ArgumentList.Add(argument);

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Hookbox__", StringComparison.OrdinalIgnoreCase) || Inherited.Contains(k)).ToList())
            start.Environment.Remove(name);

        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        return start;
    }

    public override string ToString() => Description;
}
