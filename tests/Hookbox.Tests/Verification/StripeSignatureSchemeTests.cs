using System.Text;
using static Hookbox.Tests.TestSources;

namespace Hookbox.Tests.Verification;

public sealed class StripeSignatureSchemeTests
{
    private const string Secret = "whsec_4eC39HqLyjWDarjtT1zdp7dc";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"payment_intent.succeeded"}""");

    [Fact]
    public void Verify_SignedNow_IsValid()
    {
        var header = Signatures.Stripe(Secret, Now.ToUnixTimeSeconds(), Body);

        var result = Create("stripe", Secret).Scheme.Verify(Headers(("Stripe-Signature", header)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SignedSixMinutesAgo_IsOutOfTolerance()
    {
        var header = Signatures.Stripe(Secret, Now.AddMinutes(-6).ToUnixTimeSeconds(), Body);

        var result = Create("stripe", Secret).Scheme.Verify(Headers(("Stripe-Signature", header)), Body, Now);

        Assert.Equal(VerificationStatus.TimestampOutOfTolerance, result.Status);
        Assert.Contains("tolerance", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ToleranceZero_DoesNotCheckTheTimestamp()
    {
        var header = Signatures.Stripe(Secret, Now.AddDays(-2).ToUnixTimeSeconds(), Body);

        var result = Create("stripe", o => (o.ToleranceSeconds, o.AllowNoTolerance) = (0, true), Secret).Scheme.Verify(Headers(("Stripe-Signature", header)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SeveralV1WithOneValid_IsValid()
    {
        var valid = Signatures.Stripe(Secret, Now.ToUnixTimeSeconds(), Body);
        var header = valid.Replace(",v1=", $",v1={new string('0', 64)},v0=abc,v1=", StringComparison.Ordinal);

        var result = Create("stripe", Secret).Scheme.Verify(Headers(("Stripe-Signature", header)), Body, Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_NoTimestampPart_IsMalformed()
    {
        var result = Create("stripe", Secret).Scheme.Verify(Headers(("Stripe-Signature", "v1=" + new string('a', 64))), Body, Now);

        Assert.Equal(VerificationStatus.MalformedSignature, result.Status);
    }
}
