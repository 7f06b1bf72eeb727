using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hookbox.Cli;

/// <summary>
/// <c>--since</c>: how far back a look asks, as an ISO 8601 time (no offset: UTC), a date, or a
/// span back from now (<c>90m</c>, <c>6h</c>, <c>3d</c>), which is what people usually mean.
/// </summary>
internal static partial class SinceOption
{
    public static Option<string?> Create() => new("--since")
    {
        Description = "Look from this time: 2026-12-01T09:00:00Z, 2026-12-01 (UTC midnight), or back from now: 90m, 6h, 3d (default: from the last look)",
    };

    /// <summary>The time <paramref name="text"/> names, or why it names none.</summary>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset since, out string? error)
    {
        since = default;
        error = null;
        text = text.Trim();
        var span = Span().Match(text);
        if (span.Success)
        {
            var amount = int.Parse(span.Groups["amount"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            since = now - span.Groups["unit"].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        // A date first, so "12/01/2026" (which day is it?) is refused rather than guessed.
        if (!IsoDate().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since))
        {
            error = $"--since takes a time such as 2026-12-01T09:00:00Z, a date such as 2026-12-01, or a span back from now such as 6h or 3d, not '{text}'.";
            return false;
        }

        if (since > now)
        {
            error = $"--since {text} is in the future: a look asks about what already happened.";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^(?<amount>[0-9]{1,5})(?<unit>[mhd])$")]
    private static partial Regex Span();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}")]
    private static partial Regex IsoDate();
}
