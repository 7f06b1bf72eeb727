using System.Text;
using System.Text.Json;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>The envelope reader, as each scheme's sources use it, under generated bodies and headers.</summary>
public sealed class EnvelopeReaderProperties
{
    private static readonly EnvelopeReader[] Readers =
    [
        .. SchemeNames.All.Select(scheme => scheme == SchemeNames.Hmac
            ? TestSources.Create(scheme, o => o.SignatureHeader = "X-Signature", "secret").Envelope
            : TestSources.Create(scheme, scheme == SchemeNames.StandardWebhooks ? Signatures.NewStandardWebhooksSecret() : "secret").Envelope),
        TestSources.Create("hmac", o =>
        {
            o.SignatureHeader = "X-Signature";
            o.EventIdHeader = "X-Id";
            o.EventTypePointer = "/data/0/type";
            o.SubjectPointer = "/order/id";
        }, "secret").Envelope,
    ];

    private static readonly string[] ErrorCodeValues =
        [ErrorCodes.InvalidJson, ErrorCodes.MissingEventId, ErrorCodes.MissingEventType, ErrorCodes.InvalidEnvelope, ErrorCodes.EnvelopeMismatch];

    private static readonly Gen<ReceivedHeaders> SomeHeaders = Gen.Select(
            NearlyValid("evt_1"), NearlyValid("order.completed"), Gen.Int[0, 15],
            (id, type, which) => Headers(
                ("webhook-id", (which & 1) != 0 ? id : null),
                ("X-GitHub-Delivery", (which & 2) != 0 ? id : null),
                ("X-Id", (which & 4) != 0 ? id : null),
                ("X-Pocketsflow-Event", (which & 8) != 0 ? type : null),
                ("X-GitHub-Event", (which & 8) != 0 ? type : null)));

    [Fact]
    public void Read_AnyBodyAndHeaders_ReturnsAResult() =>
        Gen.Select(Gen.Int[0, Readers.Length - 1], Json.Body, SomeHeaders).Sample((reader, body, headers) =>
        {
            var result = Readers[reader].Read(headers, body);

            if (result.IsRead)
            {
                Assert.All([result.Envelope.EventId, result.Envelope.EventType], field =>
                {
                    Assert.InRange(field.Length, 1, EnvelopeReader.MaxFieldLength);
                    // Every id and type must travel in a delivery's headers: printable ASCII, untrimmed.
                    Assert.All(field, c => Assert.InRange(c, ' ', '~'));
                    Assert.NotEqual(' ', field[0]);
                    Assert.NotEqual(' ', field[^1]);
                });
            }
            else
            {
                Assert.Contains(result.Error, ErrorCodeValues);
                Assert.False(string.IsNullOrEmpty(result.Message));
            }
        }, iter: Cases);

    [Fact]
    public void Read_IdAndTypeInTheBody_AreReadBackExactly() =>
        Gen.Select(Field, Field, Json.Text).Sample((id, type, other) =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"other\":{other},\"id\":{JsonSerializer.Serialize(id)},\"type\":{JsonSerializer.Serialize(type)}}}");

            var result = Readers[Array.IndexOf(SchemeNames.All.ToArray(), SchemeNames.Stripe)].Read(Headers(), body);

            // A document nested past the limit is refused whole; otherwise the fields come back as sent.
            if (result.IsRead || result.Error != ErrorCodes.InvalidJson)
                Assert.Equal((id, type), (result.Envelope?.EventId, result.Envelope?.EventType));
        }, iter: NarrowCases);

    /// <summary>An id or type that can travel in a header: 1 to 80 printable ASCII characters, no space at either end.</summary>
    private static readonly Gen<string> Field = Gen.Char[' ', '~'].Array[1, 80]
        .Select(c => new string(c))
        .Where(s => s[0] != ' ' && s[^1] != ' ');
}
