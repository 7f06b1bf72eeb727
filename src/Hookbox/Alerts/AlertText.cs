using System.Globalization;

namespace Hookbox;

/// <summary>How alert messages write rates, durations and times: the same on every machine, whatever its culture.</summary>
internal static class AlertText
{
    public static string Rate(double rate) => rate.ToString("0.#%", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

    /// <summary>The two largest parts of a duration, such as <c>5 min</c>, <c>1 h 30 min</c>, <c>45 s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
            return "under 1 s";

        var parts = new List<string>(4);
        if (duration.Days > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Days} d"));
        if (duration.Hours > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Hours} h"));
        if (duration.Minutes > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes} min"));
        if (duration.Seconds > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds} s"));

        return string.Join(' ', parts.Take(2));
    }
}
