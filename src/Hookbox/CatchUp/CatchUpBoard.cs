using System.Collections.Concurrent;

namespace Hookbox;

/// <summary>
/// The latest look of each source on this instance, and the gap the latest completed look found:
/// what the catch-up alerts and the last-success gauge read.
/// </summary>
internal sealed class CatchUpBoard
{
    private readonly ConcurrentDictionary<string, CatchUpState> _states = new(StringComparer.Ordinal);

    /// <summary>Records a finished look; <paramref name="gap"/> is null when it recovered nothing.</summary>
    public void Finished(CatchUpRun run, CatchUpGap? gap) =>
        _states.AddOrUpdate(
            run.Source,
            _ => new CatchUpState(run, run.Completed ? run : null, run.Completed ? gap : null),
            (_, state) => run.Completed ? new CatchUpState(run, run, gap) : state with { Latest = run });

    /// <summary>Every source that finished a look here, with its state.</summary>
    public IReadOnlyDictionary<string, CatchUpState> States => _states;

    /// <summary>A source's latest look, its latest completed one, and what that one recovered.</summary>
    internal sealed record CatchUpState(CatchUpRun Latest, CatchUpRun? LastCompleted, CatchUpGap? Gap);
}
