using System.Diagnostics.CodeAnalysis;
using Microsoft.Playwright;

namespace Hookbox.Dashboard.Tests;

/// <summary>
/// One real headless Chromium for the whole run, Debian's (never a browser Playwright would
/// download), started on first use. Without it a browser test is skipped, saying how to get it,
/// or fails when <see cref="RequireVariable"/> is 1, so CI can never go green without it.
/// </summary>
public sealed class ChromiumFixture : IAsyncDisposable
{
    /// <summary>Another Chromium to drive, instead of <see cref="DefaultExecutable"/>.</summary>
    public const string ExecutableVariable = "HOOKBOX_TEST_CHROMIUM";

    /// <summary>"1" turns a missing Chromium from a skipped test into a failed one (set by <c>.ci/run</c>).</summary>
    public const string RequireVariable = "HOOKBOX_REQUIRE_BROWSER";

    public const string DefaultExecutable = "/usr/bin/chromium";

    // Headless and quiet: no GPU, no QUIC, and none of the background calls home a fresh profile
    // makes (the machine has no network beyond loopback, and the tests need none).
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    /// <summary>The browser, launched on first call; skips or fails the calling test when there is none.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        if (!File.Exists(Executable))
        {
            Unavailable(
                $"This test drives a real Chromium and {Executable} does not exist. Install Debian's (apt-get install chromium), " +
                $"or set {ExecutableVariable} to a Chromium executable; `bash .ci/run` installs it when it is missing.");
        }

        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_browser is null)
            {
                // Expectations wait for the page; a CI machine under load may need more than
                // Playwright's 5 s (a wait, never a sleep: it ends as soon as the page is there).
                Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = Executable,
                    Headless = true,
                    Args = Arguments,
                });
            }

            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();

        _playwright?.Dispose();
        _gate.Dispose();
    }

    [DoesNotReturn]
    private static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"{message} {RequireVariable}=1, so this is a failure, not a skip.");

        Assert.Skip(message);
    }
}
