using System.Globalization;

namespace Hookbox;

/// <summary>Reads the epoch timestamps senders put in headers.</summary>
internal static class UnixTimestamp
{
    // Seconds since 1970 pass 10^12 only in the year 33658; milliseconds passed it in 2001.
    private const long MillisecondsThreshold = 1_000_000_000_000;

    /// <summary>Reads a timestamp in seconds or, when it is larger than 10^12, in milliseconds.</summary>
    public static bool TryParseSecondsOrMilliseconds(string? value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!IsDigits(value) || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return false;

        try
        {
            timestamp = number > MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(number)
                : DateTimeOffset.FromUnixTimeSeconds(number);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Reads a timestamp in whole seconds, as Standard Webhooks and Stripe sign it.</summary>
    public static bool TryParseSeconds(ReadOnlySpan<char> value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!IsDigits(value) || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;

        try
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    // NumberStyles.None still lets .NET skip trailing NUL characters: "1795000000\0" is no timestamp.
    private static bool IsDigits(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExceptInRange('0', '9');

    /// <summary>True when <paramref name="timestamp"/> is within <paramref name="tolerance"/> of <paramref name="now"/>, either way.</summary>
    public static bool IsWithin(DateTimeOffset timestamp, DateTimeOffset now, TimeSpan tolerance) =>
        tolerance <= TimeSpan.Zero || (now - timestamp).Duration() <= tolerance;
}
