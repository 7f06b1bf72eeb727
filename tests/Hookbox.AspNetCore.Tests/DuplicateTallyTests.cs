using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Hookbox.AspNetCore.Tests;

/// <summary>The tally as its own part; that it hears a real host's duplicates is in <see cref="StatsApiTests"/>.</summary>
public sealed class DuplicateTallyTests
{
    private readonly HookboxSignals _signals = new(new HookboxMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));

    [Fact]
    public async Task Counts_WhileTheHostRuns_CountsDuplicatesOnly()
    {
        using var tally = new DuplicateTally(_signals, TimeProvider.System);
        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Duplicate); // before the start: not heard
        await tally.StartAsync(CancellationToken.None);

        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Duplicate);
        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Duplicate);
        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Accepted);
        _signals.RequestAnswered("stripe", "invalid_signature");
        await tally.StopAsync(CancellationToken.None);
        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Duplicate); // after the stop: not heard

        Assert.Equal(new Dictionary<string, long> { ["pocketsflow"] = 2 }, tally.Counts());
    }

    [Fact]
    public void AddHookbox_RegistersTheTallyAsAHostedService()
    {
        var services = new ServiceCollection();
        services.AddHookbox();

        Assert.Contains(services, d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                                       && d.ImplementationFactory?.Method.ReturnType == typeof(DuplicateTally));
    }
}
