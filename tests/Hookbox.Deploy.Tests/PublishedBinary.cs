using System.Diagnostics.CodeAnalysis;

namespace Hookbox.Deploy.Tests;

/// <summary>
/// The published single-file <c>hookbox</c> (<c>.ci/run</c> publishes it for linux-x64 and names it
/// in <see cref="PathVariable"/>). Without it the binary's tests are skipped, or fail when
/// <see cref="RequireVariable"/> is 1, so CI can never go green without having run the binary.
/// </summary>
internal static class PublishedBinary
{
    public const string PathVariable = "HOOKBOX_TEST_BINARY";

    /// <summary>"1" turns a missing binary from a skipped test into a failed one (set by <c>.ci/run</c>).</summary>
    public const string RequireVariable = "HOOKBOX_REQUIRE_BINARY";

    /// <summary>The binary's path, when one is named and exists; null otherwise.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        return !string.IsNullOrWhiteSpace(path) && File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    /// <summary>The binary's path; skips the test, or fails it under <see cref="RequireVariable"/>=1, when there is none.</summary>
    public static string Require()
    {
        if (Find() is { } path)
            return path;

        var named = Environment.GetEnvironmentVariable(PathVariable);
        Unavailable(string.IsNullOrWhiteSpace(named)
            ? $"This test runs the published single-file hookbox and {PathVariable} is not set. Run `bash .ci/run`, which publishes it, " +
              $"or `eng/publish-binaries.sh linux-x64` and set {PathVariable}=artifacts/bin/linux-x64/hookbox."
            : $"{PathVariable}={named} does not exist; publish it with `eng/publish-binaries.sh linux-x64`.");
        return null;
    }

    [DoesNotReturn]
    private static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message} {RequireVariable}=1, so this is a failure, not a skip.");

        Assert.Skip(message);
    }
}
