namespace Hookbox;

/// <summary>
/// What happens in Hookbox that more than the metrics want to hear of (the alerts, the
/// duplicate tally), as typed signals: the ingest endpoint and the dispatcher raise them, and
/// each <see cref="IHookboxSignalObserver"/> hears them in the order it subscribed.
/// <see cref="HookboxMetrics"/> is the first, from the start; the others subscribe when their
/// hosted service starts and leave when it stops. One instance per host, so two hosts in one
/// process (tests, or an app with two) never hear each other. Raising a signal allocates nothing.
/// </summary>
internal sealed class HookboxSignals
{
    private readonly Lock _subscribing = new();
    private IHookboxSignalObserver[] _observers;

    public HookboxSignals(HookboxMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _observers = [metrics];
    }

    /// <summary>Adds <paramref name="observer"/> until the returned subscription is disposed.</summary>
    public IDisposable Subscribe(IHookboxSignalObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_subscribing)
            Volatile.Write(ref _observers, [.. _observers, observer]);
        return new Subscription(this, observer);
    }

    /// <summary>A delivery attempt of <paramref name="route"/> finished with <paramref name="outcome"/>, or was released by shutdown.</summary>
    public void AttemptFinished(string route, DeliveryOutcomeKind outcome, TimeSpan elapsed)
    {
        var attempt = new AttemptFinished(route, outcome, elapsed);
        foreach (var observer in Volatile.Read(ref _observers))
            observer.OnAttemptFinished(in attempt);
    }

    /// <summary>A webhook request to <paramref name="source"/> was answered with <paramref name="outcome"/>.</summary>
    public void RequestAnswered(string source, string outcome)
    {
        var request = new RequestAnswered(source, outcome);
        foreach (var observer in Volatile.Read(ref _observers))
            observer.OnRequestAnswered(in request);
    }

    private void Unsubscribe(IHookboxSignalObserver observer)
    {
        lock (_subscribing)
            Volatile.Write(ref _observers, [.. _observers.Where(o => !ReferenceEquals(o, observer))]);
    }

    private sealed class Subscription(HookboxSignals signals, IHookboxSignalObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                signals.Unsubscribe(observer);
        }
    }
}
