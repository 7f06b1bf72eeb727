using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Hookbox.Tests.Diagnostics;

public sealed class HookboxSignalsTests
{
    private readonly IMeterFactory _meterFactory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
    private readonly HookboxSignals _signals;
    private readonly RecordingObserver _observer = new();

    public HookboxSignalsTests()
    {
        _signals = new HookboxSignals(new HookboxMetrics(_meterFactory));
        _signals.Subscribe(_observer);
    }

    [Fact]
    public void AttemptFinished_WithASubscriber_IsCountedByTheMetricsAndHeardByTheSubscriber()
    {
        using var attempts = new MetricCollector<long>(_meterFactory, HookboxMetrics.MeterName, HookboxMetrics.Names.Attempts);

        _signals.AttemptFinished("orders", DeliveryOutcomeKind.Dead, TimeSpan.FromMilliseconds(12));

        Assert.Equal([new AttemptFinished("orders", DeliveryOutcomeKind.Dead, TimeSpan.FromMilliseconds(12))], _observer.Attempts);
        var measurement = Assert.Single(attempts.GetMeasurementSnapshot());
        Assert.Equal("orders", measurement.Tags["route"]);
        Assert.Equal("dead", measurement.Tags["outcome"]);
    }

    [Fact]
    public void RequestAnswered_WithASubscriber_IsCountedByTheMetricsAndHeardByTheSubscriber()
    {
        using var requests = new MetricCollector<long>(_meterFactory, HookboxMetrics.MeterName, HookboxMetrics.Names.Requests);

        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Duplicate);

        var request = Assert.Single(_observer.Requests);
        Assert.True(request.Duplicate);
        var measurement = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal("pocketsflow", measurement.Tags["source"]);
        Assert.Equal("duplicate", measurement.Tags["outcome"]);
    }

    [Fact]
    public void Subscribe_Disposed_HearsNoMoreWhileOthersStillDo()
    {
        var leaving = new RecordingObserver();
        var subscription = _signals.Subscribe(leaving);

        subscription.Dispose();
        subscription.Dispose();
        _signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Accepted);

        Assert.Empty(leaving.Requests);
        Assert.Single(_observer.Requests);
    }

    [Fact]
    public void Raising_OnTheHotPath_AllocatesNothing()
    {
        var signals = new HookboxSignals(new HookboxMetrics(_meterFactory));
        var observer = new CountingObserver();
        using var subscription = signals.Subscribe(observer);
        signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Accepted);
        signals.AttemptFinished("orders", DeliveryOutcomeKind.Succeeded, TimeSpan.Zero);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            signals.RequestAnswered("pocketsflow", HookboxMetrics.Outcomes.Accepted);
            signals.AttemptFinished("orders", DeliveryOutcomeKind.Succeeded, TimeSpan.Zero);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2002, observer.Count);
        Assert.Equal(0, allocated);
    }

    private sealed class RecordingObserver : IHookboxSignalObserver
    {
        public List<AttemptFinished> Attempts { get; } = [];

        public List<RequestAnswered> Requests { get; } = [];

        public void OnAttemptFinished(in AttemptFinished attempt) => Attempts.Add(attempt);

        public void OnRequestAnswered(in RequestAnswered request) => Requests.Add(request);
    }

    private sealed class CountingObserver : IHookboxSignalObserver
    {
        public int Count { get; private set; }

        public void OnAttemptFinished(in AttemptFinished attempt) => Count++;

        public void OnRequestAnswered(in RequestAnswered request) => Count++;
    }
}
