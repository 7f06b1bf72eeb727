using System.Globalization;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>Epoch timestamps from headers: any text parses or is refused, and every representable time round-trips.</summary>
public sealed class UnixTimestampProperties
{
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    [Fact]
    public void TryParse_AnyText_ReturnsAnAnswer() =>
        Gen.Frequency((3, Adversarial.Text), (1, NearlyValid("1795000000")), (1, NearlyValid("1795000000123")), (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))))
            .Sample(text =>
            {
                if (UnixTimestamp.TryParseSeconds(text, out var seconds))
                    Assert.True(text.All(char.IsAsciiDigit), "only plain digits are a timestamp");

                if (UnixTimestamp.TryParseSecondsOrMilliseconds(text, out var either))
                    Assert.True(text.All(char.IsAsciiDigit));

                UnixTimestamp.IsWithin(seconds, either, TimeSpan.FromSeconds(300));
            }, iter: Cases);

    [Fact]
    public void TryParse_AnyRepresentableTime_RoundTrips() =>
        Gen.Long[0, MaxSeconds].Sample(seconds =>
        {
            var text = seconds.ToString(CultureInfo.InvariantCulture);

            Assert.True(UnixTimestamp.TryParseSeconds(text, out var parsed));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), parsed);
            Assert.True(UnixTimestamp.TryParseSecondsOrMilliseconds(text, out var either));
            Assert.Equal(seconds > 1_000_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(seconds) : parsed, either);
        }, iter: NarrowCases);
}
