using System.Globalization;

namespace Hookbox;

/// <summary>
/// The alert rules. A rate rule fires when its rate over the window is more than
/// <c>Alerts:Threshold</c> with at least <c>Alerts:MinEvents</c> of evidence; once open it stays
/// open while the rate is still over the threshold, however few the events, and resolves when
/// the rate is at or below it or the window is empty. So a destination that is still down but
/// retried less often is not "resolved", and a quiet route does not keep an alert open for ever.
/// </summary>
internal static class AlertRules
{
    /// <summary>A failed attempt: one that will be retried, or the last one.</summary>
    public static bool IsFailure(string outcome) => outcome is DeliveryStatuses.Retrying or DeliveryStatuses.Dead;

    /// <summary>
    /// A request refused for what the sender sent: a bad, missing or expired signature first of
    /// all, but also a body that is not JSON, too large, without an id… Each is an event the
    /// sender thinks it delivered and Hookbox does not have. Hookbox's own faults (the store
    /// unavailable, an internal error) are not the sender's, and a request that is not a POST is
    /// no delivery (a browser, a load balancer's probe): those count as requests only. Nor is a
    /// sender that hung up before the answer: when Hookbox is slow, that is Hookbox's doing.
    /// A delivery past the source's own rate limit is Hookbox shedding load as configured, not a
    /// delivery the sender got wrong. (Requests answered 429 too_many_refusals never reach these
    /// counts: they are turned away before their source is looked at.)
    /// </summary>
    public static bool IsRejection(string outcome) =>
        outcome is not ("accepted" or "duplicate" or "abandoned" or ErrorCodes.StoreUnavailable or ErrorCodes.InternalError or ErrorCodes.MethodNotAllowed or ErrorCodes.RateLimited);

    public static IEnumerable<AlertReading> RouteFailures(IReadOnlyDictionary<string, OutcomeCounts> attempts, Func<string, bool> isOpen, AlertOptions options)
    {
        foreach (var (route, counts) in attempts)
        {
            var key = Key(AlertKinds.RouteFailures, route);
            var (failed, total) = (counts.Where(IsFailure), counts.Total);
            var firing = Fires(isOpen(key), failed, total, total, options);
            var message = total == 0
                ? Invariant($"Route {route}: no delivery attempts in the last {AlertText.Duration(options.Window)}")
                : Invariant($"Route {route}: {AlertText.Rate(Rate(failed, total))} of delivery attempts failed in the last {AlertText.Duration(options.Window)} ({failed} of {total}), {Versus(firing, options)}");
            yield return new AlertReading(key, AlertKinds.RouteFailures, route, firing, message, RateFigures(failed, total, options));
        }
    }

    /// <summary>
    /// The failure rule over each source's routes, for sources with two routes or more;
    /// <paramref name="routeSources"/> maps every configured route to its source.
    /// </summary>
    public static IEnumerable<AlertReading> SourceFailures(IReadOnlyDictionary<string, OutcomeCounts> attempts, IReadOnlyDictionary<string, string> routeSources, Func<string, bool> isOpen, AlertOptions options)
    {
        var routesPerSource = routeSources.GroupBy(r => r.Value, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var perSource = new SortedDictionary<string, OutcomeCounts>(StringComparer.OrdinalIgnoreCase);
        foreach (var (route, counts) in attempts)
        {
            if (routeSources.TryGetValue(route, out var source) && routesPerSource[source] > 1)
                perSource[source] = perSource.TryGetValue(source, out var sum) ? sum.Plus(counts) : counts;
        }

        foreach (var (source, counts) in perSource)
        {
            var key = Key(AlertKinds.SourceFailures, source);
            var (failed, total) = (counts.Where(IsFailure), counts.Total);
            var firing = Fires(isOpen(key), failed, total, total, options);
            var message = total == 0
                ? Invariant($"Source {source}: no delivery attempts to its {routesPerSource[source]} routes in the last {AlertText.Duration(options.Window)}")
                : Invariant($"Source {source}: {AlertText.Rate(Rate(failed, total))} of delivery attempts to its {routesPerSource[source]} routes failed in the last {AlertText.Duration(options.Window)} ({failed} of {total}), {Versus(firing, options)}");
            yield return new AlertReading(key, AlertKinds.SourceFailures, source, firing, message, RateFigures(failed, total, options));
        }
    }

    public static IEnumerable<AlertReading> Rejections(IReadOnlyDictionary<string, OutcomeCounts> requests, Func<string, bool> isOpen, AlertOptions options)
    {
        foreach (var (source, counts) in requests)
        {
            var key = Key(AlertKinds.Rejections, source);
            var (refused, total) = (counts.Where(IsRejection), counts.Total);
            var firing = Fires(isOpen(key), refused, refused, total, options);
            var reasons = string.Join(", ", counts.ByOutcome
                .Where(c => IsRejection(c.Key) && c.Value > 0)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => Invariant($"{c.Key} {c.Value}")));
            var message = total == 0
                ? Invariant($"Source {source}: no requests in the last {AlertText.Duration(options.Window)}")
                : Invariant($"Source {source}: {AlertText.Rate(Rate(refused, total))} of requests were refused in the last {AlertText.Duration(options.Window)} ({refused} of {total}{(reasons.Length > 0 ? ": " + reasons : "")}), {Versus(firing, options)}");
            yield return new AlertReading(key, AlertKinds.Rejections, source, firing, message, RateFigures(refused, total, options));
        }
    }

    public static AlertReading OldestPending(DispatchStats dispatch, DateTimeOffset now, AlertOptions options)
    {
        var limit = AlertText.Duration(options.OldestPending);
        if (dispatch.OldestPending is not { } oldest)
            return new AlertReading(AlertKinds.OldestPending, AlertKinds.OldestPending, null, false, "No delivery is pending", new AlertFigures(null, dispatch.Due, null, null, null));

        var age = now - oldest;
        var firing = age > options.OldestPending;
        var message = Invariant($"The oldest pending delivery has waited {AlertText.Duration(age)} (due since {AlertText.Time(oldest)}), {(firing ? "over" : "within")} the {limit} limit; deliveries due now: {dispatch.Due}");
        return new AlertReading(AlertKinds.OldestPending, AlertKinds.OldestPending, null, firing, message, new AlertFigures(null, dispatch.Due, null, null, age));
    }

    /// <summary>
    /// The silence rule: no webhook from a source for longer than it expects one, counted from the
    /// later of its last webhook and <paramref name="upSince"/>, so a restart doesn't fire it at once.
    /// </summary>
    public static AlertReading Silence(string source, TimeSpan expected, DateTimeOffset? lastWebhook, DateTimeOffset upSince, DateTimeOffset now)
    {
        var since = lastWebhook is { } last && last > upSince ? last : upSince;
        var quiet = now - since;
        var firing = quiet > expected;
        var heard = lastWebhook is null ? $"no webhook since Hookbox started at {AlertText.Time(upSince)}" : $"the last webhook came at {AlertText.Time(since)}";
        var message = firing
            ? Invariant($"Source {source}: no webhook for {AlertText.Duration(quiet)} ({heard}), longer than the {AlertText.Duration(expected)} it is expected within; check the sender's webhook settings and its delivery logs")
            : Invariant($"Source {source}: {heard}, within the {AlertText.Duration(expected)} it is expected within");
        return new AlertReading(Key(AlertKinds.Silence, source), AlertKinds.Silence, source, firing, message, new AlertFigures(null, null, null, expected, quiet));
    }

    /// <summary>The gap rule: the latest completed look recovered events their webhooks never delivered.</summary>
    public static AlertReading Gaps(string source, CatchUpRun lastCompleted, CatchUpGap? gap)
    {
        var message = gap is null
            ? Invariant($"Source {source}: the catch-up look of {AlertText.Time(lastCompleted.StartedAt)} found no event missing")
            : Invariant($"Source {source}: {gap.Count} events between {AlertText.Time(gap.First)} and {AlertText.Time(gap.Last)} never arrived by webhook (catch-up recovered them); check the endpoint URL and the sender's delivery logs");
        return new AlertReading(Key(AlertKinds.Gaps, source), AlertKinds.Gaps, source, gap is not null, message, new AlertFigures(null, gap?.Count ?? 0, lastCompleted.Seen, null, null));
    }

    /// <summary>The catch-up rule: the latest look failed.</summary>
    public static AlertReading CatchUpFailed(string source, CatchUpRun latest)
    {
        var firing = !latest.Completed;
        var message = firing
            ? Invariant($"Source {source}: catch-up failed at {AlertText.Time(latest.FinishedAt ?? latest.StartedAt)}: {latest.Error}; events its webhooks miss are not being recovered")
            : Invariant($"Source {source}: the latest catch-up look completed at {AlertText.Time(latest.FinishedAt ?? latest.StartedAt)}");
        return new AlertReading(Key(AlertKinds.CatchUp, source), AlertKinds.CatchUp, source, firing, message, new AlertFigures(null, null, null, null, null));
    }

    private static string Key(string kind, string subject) => kind + ":" + subject;

    // count: failed attempts or refused requests, of total attempts or requests. evidence is what
    // must reach MinEvents to fire: attempts for the failure rules, refusals for the rejection
    // rule. An alert already open is not closed for want of evidence, only by the rate.
    private static bool Fires(bool open, long count, long evidence, long total, AlertOptions options) =>
        total > 0 && Rate(count, total) > options.Threshold && (open || evidence >= options.MinEvents);

    private static double Rate(long count, long total) => total == 0 ? 0 : (double)count / total;

    private static string Versus(bool firing, AlertOptions options) =>
        $"{(firing ? "over" : "at or below")} the {AlertText.Rate(options.Threshold)} threshold";

    private static AlertFigures RateFigures(long count, long total, AlertOptions options) =>
        new(Rate(count, total), count, total, options.Window, null);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
