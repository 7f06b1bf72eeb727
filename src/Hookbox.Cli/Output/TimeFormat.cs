using System.Globalization;

namespace Hookbox.Cli;

/// <summary>Times for people: UTC to the second, so rows from different machines line up.</summary>
internal static class TimeFormat
{
    public static string Utc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset? time) => time is { } value ? Utc(value) : "";
}
