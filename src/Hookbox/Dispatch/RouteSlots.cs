namespace Hookbox;

/// <summary>
/// The attempts that may run at once: never more than <paramref name="total"/> in all, nor more
/// than a route's own limit for that route, so one slow destination cannot take every slot.
/// </summary>
internal sealed class RouteSlots(int total)
{
    private readonly Dictionary<string, int> _byRoute = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private int _running;

    /// <summary>Attempts running now, all routes together.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
                return _running;
        }
    }

    /// <summary>How many more attempts <paramref name="route"/>, whose own limit is <paramref name="routeLimit"/>, may start now.</summary>
    public int Free(string route, int routeLimit)
    {
        lock (_lock)
            return Math.Max(0, Math.Min(total - _running, routeLimit - _byRoute.GetValueOrDefault(route)));
    }

    /// <summary>Takes a slot for an attempt that starts.</summary>
    public void Take(string route)
    {
        lock (_lock)
        {
            _byRoute[route] = _byRoute.GetValueOrDefault(route) + 1;
            _running++;
        }
    }

    /// <summary>Gives back the slot of an attempt that ended or timed out.</summary>
    public void Return(string route)
    {
        lock (_lock)
        {
            _byRoute[route]--;
            _running--;
        }
    }
}
