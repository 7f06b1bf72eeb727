using System.Text;
using System.Text.Json;

namespace Hookbox.Tests.Verification;

/// <summary>
/// Known answers made by each sender's own library (tools/vectors): Standard Webhooks' NuGet
/// package, Stripe.net, octokit's webhooks-methods, and Pocketsflow's example sender.
/// </summary>
public sealed class SenderVectorTests
{
    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Verification", "Vectors"), "*.json").Order())
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
                data.Add(Path.GetFileName(file), vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_SenderLibraryVector_IsValidAndYieldsItsEnvelope(string file, string name)
    {
        var vector = Load(file, name);
        var source = TestSources.Create(vector.Scheme, vector.Secret);

        var result = source.Scheme.Verify(vector.Headers, vector.Body, vector.Now);
        var envelope = source.Envelope.Read(vector.Headers, vector.Body);

        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.Equal((vector.EventId, vector.EventType), (envelope.Envelope!.EventId, envelope.Envelope.EventType));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_SenderLibraryVectorWithOneByteChanged_IsMismatch(string file, string name)
    {
        var vector = Load(file, name);
        var source = TestSources.Create(vector.Scheme, vector.Secret);
        var tampered = vector.Body.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;

        var result = source.Scheme.Verify(vector.Headers, tampered, vector.Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_SenderLibraryVectorUnderAnotherSecret_IsMismatch(string file, string name)
    {
        var vector = Load(file, name);
        var other = vector.Scheme == SchemeNames.StandardWebhooks ? Signatures.NewStandardWebhooksSecret() : vector.Secret + "x";
        var source = TestSources.Create(vector.Scheme, other);

        var result = source.Scheme.Verify(vector.Headers, vector.Body, vector.Now);

        Assert.Equal(VerificationStatus.Mismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_SenderLibraryVectorWithTheSecretRotatedIn_IsValid(string file, string name)
    {
        var vector = Load(file, name);
        var old = vector.Scheme == SchemeNames.StandardWebhooks ? Signatures.NewStandardWebhooksSecret() : "whsec_old_" + vector.Secret;
        var source = TestSources.Create(vector.Scheme, old, vector.Secret);

        var result = source.Scheme.Verify(vector.Headers, vector.Body, vector.Now);

        Assert.Equal(VerificationStatus.Valid, result.Status);
    }

    private static Vector Load(string file, string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Verification", "Vectors", file)));
        var root = document.RootElement;
        var vector = root.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        return new Vector(
            root.GetProperty("scheme").GetString()!,
            vector.GetProperty("secret").GetString()!,
            DateTimeOffset.FromUnixTimeSeconds(vector.GetProperty("now").GetInt64()),
            new ReceivedHeaders(vector.GetProperty("headers").EnumerateObject().Select(h => new KeyValuePair<string, string>(h.Name, h.Value.GetString()!))),
            Encoding.UTF8.GetBytes(vector.GetProperty("body").GetString()!),
            vector.GetProperty("eventId").GetString()!,
            vector.GetProperty("eventType").GetString()!);
    }

    private sealed record Vector(string Scheme, string Secret, DateTimeOffset Now, ReceivedHeaders Headers, byte[] Body, string EventId, string EventType);
}
