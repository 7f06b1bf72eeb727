using System.Text;
using System.Text.Json;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>RFC 6901 JSON pointers: any text parses or is refused, any pointer evaluates on any document, escapes round-trip.</summary>
public sealed class JsonPointerProperties
{
    private static readonly Gen<string> Token = Gen.Frequency(
        (3, Gen.Char["ab01~/ \u00e9"].Array[0, 6].Select(c => new string(c))),
        (1, Gen.OneOf("0", "1", "01", "-1", "2147483648", "99999999999", "\uff11")));

    private static readonly Gen<string> PointerText = Gen.Frequency(
        (3, Token.Array[1, 6].Select(tokens => "/" + string.Join("/", tokens))),
        (1, NearlyValid("/data/object/id")),
        (1, Adversarial.Text));

    [Fact]
    public void TryEvaluate_AnyPointerOnAnyDocument_ReturnsAnAnswer() =>
        Gen.Select(PointerText, Json.Text).Sample((text, json) =>
        {
            var pointer = JsonPointer.TryParse(text);
            if (pointer is null)
                return;

            Assert.Equal(text, pointer.Text);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
            }
            catch (JsonException)
            {
                return; // nested past the limit: the envelope reader refuses it before any pointer runs
            }

            using (document)
                pointer.TryEvaluate(document.RootElement, out _);
        }, iter: Cases);

    [Fact]
    public void TryEvaluate_EscapedPath_FindsTheValue() =>
        Gen.Char.Array[0, 8].Select(c => new string(c)).Where(s => !s.Any(char.IsSurrogate)).Array[1, 5].Sample(path =>
        {
            var json = path.Reverse().Aggregate("\"leaf\"", (inner, key) => $"{{{JsonSerializer.Serialize(key)}:{inner}}}");
            var text = "/" + string.Join("/", path.Select(key => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));

            var pointer = JsonPointer.TryParse(text);

            if (text.Length < 2)
            {
                Assert.Null(pointer); // "/" (the empty key) is refused as a setting: it names nothing a sender uses
                return;
            }

            Assert.NotNull(pointer);
            Assert.True(pointer.TryEvaluate(document.RootElement, out var value));
            Assert.Equal("leaf", value.GetString());
        }, iter: NarrowCases);
}
