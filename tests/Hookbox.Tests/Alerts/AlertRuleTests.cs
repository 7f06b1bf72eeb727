namespace Hookbox.Tests.Alerts;

/// <summary>What a test class of one alert rule shares: a fresh <see cref="AlertHarness"/> with the default options for each test.</summary>
public abstract class AlertRuleTests : IAsyncLifetime
{
    private protected AlertHarness Alerts { get; private set; } = null!; // set in InitializeAsync

    public async ValueTask InitializeAsync() => Alerts = await AlertHarness.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Alerts.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
