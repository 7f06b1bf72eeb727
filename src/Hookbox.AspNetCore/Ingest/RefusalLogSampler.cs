using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Hookbox.AspNetCore;

/// <summary>
/// Decides which refusal lines reach the log: at most <c>Limits:RefusalLogLinesPerMinute</c> per
/// key (a source) a minute. The lines left out are counted, and the count goes with the next
/// line written, so a flood costs a few lines a minute and still says how big it was.
/// </summary>
/// <remarks>Keys are configured source names and a few fixed ones, so the table stays small.</remarks>
internal sealed class RefusalLogSampler
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly int _linesPerMinute;

    public RefusalLogSampler(IOptions<HookboxOptions> options, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _linesPerMinute = options.Value.Limits.RefusalLogLinesPerMinute;
    }

    /// <summary>
    /// Whether a line about <paramref name="key"/> may be written now; when it may,
    /// <paramref name="leftOut"/> is how many were left out since the last one written.
    /// </summary>
    public bool TryTake(string key, out long leftOut)
    {
        var tally = _tallies.GetOrAdd(key, static _ => new Tally());
        var now = _timeProvider.GetTimestamp();
        lock (tally)
        {
            if (tally.Written == 0 || _timeProvider.GetElapsedTime(tally.WindowStart, now) >= Window)
            {
                tally.WindowStart = now;
                tally.Written = 0;
            }

            if (tally.Written < _linesPerMinute)
            {
                tally.Written++;
                leftOut = tally.LeftOut;
                tally.LeftOut = 0;
                return true;
            }

            tally.LeftOut++;
            leftOut = 0;
            return false;
        }
    }

    private sealed class Tally
    {
        public long WindowStart { get; set; }

        public int Written { get; set; }

        public long LeftOut { get; set; }
    }
}
