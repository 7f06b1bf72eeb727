namespace Hookbox.Package.Tests;

/// <summary>
/// The hookbox tool, installed from the packed artifacts by `dotnet tool install --tool-path`
/// into a folder of its own, once for the tests that share it; removed with the folder.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TempDirectory _toolPath = new();
    private string? _command;

    /// <summary>
    /// The installed <c>hookbox</c> executable, installing it on first call. Call it after
    /// <see cref="PackageArtifacts.Require"/>, which skips the test when there is nothing to install.
    /// </summary>
    public async Task<string> CommandAsync(PackageArtifacts artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_command is null)
            {
                // --tool-path installs into that folder's own store, never the machine's global
                // packages folder, so a re-pack of the same version cannot be shadowed by a stale
                // copy. The artifacts folder is the only source that has the package: another
                // feed that cannot be reached must not fail the install.
                await ChildProcess.RunSuccessfullyAsync(
                    "dotnet",
                    ["tool", "install", "--tool-path", _toolPath.Path, PackageArtifacts.ToolId, "--version", artifacts.Version, "--add-source", artifacts.Directory, "--ignore-failed-sources"],
                    _toolPath.Path,
                    TimeSpan.FromMinutes(3),
                    cancellationToken);
                var command = _toolPath.Combine("hookbox");
                Assert.True(File.Exists(command), $"dotnet tool install succeeded, yet there is no {command}: {string.Join(", ", Directory.GetFileSystemEntries(_toolPath.Path))}.");
                _command = command;
            }

            return _command;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _toolPath.Dispose();
    }
}
