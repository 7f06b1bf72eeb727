namespace Hookbox.Tests.Verification;

public sealed class UnixTimestampTests
{
    // Found by UnixTimestampProperties (issue 11): .NET's number parsing skips trailing NULs, even with NumberStyles.None.
    [Theory]
    [InlineData("1795000000\0")]
    [InlineData("1795000000\0\0")]
    [InlineData("")]
    public void TryParse_NotOnlyDigits_IsNoTimestamp(string text)
    {
        Assert.False(UnixTimestamp.TryParseSeconds(text, out _));
        Assert.False(UnixTimestamp.TryParseSecondsOrMilliseconds(text, out _));
    }

    [Fact]
    public void TryParseSecondsOrMilliseconds_MoreThanTenToTheTwelve_IsMilliseconds()
    {
        Assert.True(UnixTimestamp.TryParseSecondsOrMilliseconds("1795000000123", out var timestamp));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_123), timestamp);
    }
}
