using System.Diagnostics;
using System.Text.Json;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// The container image the SDK would build from src/Hookbox.Cli, as its own targets compute it
/// (<c>dotnet msbuild -t:ComputeContainerConfig -getProperty:… -getItem:…</c>): everything but
/// pulling the base image and writing the layers.
/// </summary>
internal sealed class ContainerSettings
{
    private static readonly string[] PropertyNames = ["ContainerBaseImage", "ContainerUser", "ContainerRepository", "ContainerWorkingDirectory", "ContainerRuntimeIdentifier"];
    private static readonly string[] ItemNames = ["ContainerPort", "ContainerEnvironmentVariables", "ContainerAppCommand", "ContainerDefaultArgs", "ContainerLabel"];

    private readonly JsonElement _result;

    private ContainerSettings(JsonElement result) => _result = result;

    public string Property(string name) => _result.GetProperty("Properties").GetProperty(name).GetString()!;

    /// <summary>An item list's identities, in order.</summary>
    public IReadOnlyList<string> Items(string name) =>
        [.. _result.GetProperty("Items").GetProperty(name).EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)];

    /// <summary>An item list as identity → one metadata value (Value for variables and labels, Type for ports).</summary>
    public IReadOnlyDictionary<string, string> ItemsWith(string name, string metadata) =>
        _result.GetProperty("Items").GetProperty(name).EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty(metadata).GetString()!, StringComparer.Ordinal);

    public static async Task<ContainerSettings> ComputeAsync(IEnumerable<string> globalProperties, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(Repository.PathOf("src/Hookbox.Cli/Hookbox.Cli.csproj"));
        start.ArgumentList.Add("-nologo");
        // No build server left behind by a test.
        start.ArgumentList.Add("-nodeReuse:false");
        start.ArgumentList.Add("-t:ComputeContainerConfig");
        foreach (var property in globalProperties)
            start.ArgumentList.Add($"-p:{property}");

        foreach (var name in PropertyNames)
            start.ArgumentList.Add($"-getProperty:{name}");

        foreach (var name in ItemNames)
            start.ArgumentList.Add($"-getItem:{name}");

        // Not the test run's own properties (.ci/run's TRX settings).
        start.Environment.Remove("HOOKBOX_TEST_RESULTS");
        using var process = Process.Start(start)!; // null only for a shell-executed start that reuses a process
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet msbuild exited with {process.ExitCode}:\n{await output}\n{await errors}");

        using var json = JsonDocument.Parse(await output);
        return new ContainerSettings(json.RootElement.Clone());
    }
}
