using System.Text;
using System.Text.Json;
using static Hookbox.Tests.Schemes.SchemeRoundTripTests;

namespace Hookbox.Tests.Schemes;

public sealed class GitHubSchemeTests
{
    // GitHub's documented example: this secret and body sign to this X-Hub-Signature-256.
    private const string Secret = "It's a Secret to Everybody";
    private static readonly GitHubScheme Scheme = new();
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Defaults_IdAndEventFromUnsignedHeaders_SoTheSourceDedupesOnTheBody()
    {
        Assert.Equal(["header X-GitHub-Delivery"], Scheme.DefaultIds.Select(l => l.Describe()));
        Assert.Equal(["header X-GitHub-Event"], Scheme.DefaultTypes.Select(l => l.Describe()));
        Assert.All(Scheme.DefaultIds.Concat(Scheme.DefaultTypes), l => Assert.False(l.IsSigned));
        Assert.True(Scheme.DedupesOnBodyByDefault);
        Assert.Empty(Scheme.DefaultSubjects);
    }

    [Fact]
    public void Sign_GitHubsExample_IsItsSignature_WithTheEventAndDeliveryHeaders()
    {
        var headers = Headers(Scheme.Sign(new SourceOptions(), Secret, new OutgoingWebhook(Body, "72d3162e-cc78-11e3-81ab-4c9367dc0958", "push", DateTimeOffset.UnixEpoch)));

        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", headers["X-Hub-Signature-256"]);
        Assert.Equal(Signatures.GitHub(Secret, Body), headers["X-Hub-Signature-256"]);
        Assert.Equal("push", headers["X-GitHub-Event"]);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", headers["X-GitHub-Delivery"]);
    }

    [Fact]
    public void Headers_GitHubSignsNoTimestamp_SoOneGivenIsNotSent()
    {
        var headers = Scheme.Headers(new SourceOptions(), "sha256=00", "1795000000", id: null);

        Assert.Null(Scheme.TimestampHeader(new SourceOptions()));
        Assert.False(Scheme.SignsTimestamp(new SourceOptions()));
        Assert.Equal(["X-Hub-Signature-256"], JsonDocument.Parse(headers.ToJsonUtf8([])).RootElement.EnumerateObject().Select(p => p.Name));
    }
}
