using System.Text.Json;
using CsCheck;
using static Hookbox.Tests.Properties.Adversarial;

namespace Hookbox.Tests.Properties;

/// <summary>
/// The one-pass scanner ingest reads envelopes with, against what it replaced: a parsed
/// <see cref="JsonDocument"/> and <see cref="JsonPointer.TryEvaluate"/>. Same bodies refused with
/// the same message, same value at every pointer, on any body an attacker can send.
/// </summary>
public sealed class JsonFieldScannerProperties
{
    // The generated documents' own keys, so pointers often find something (and duplicates, which Json's few keys make common).
    private static readonly Gen<string> Token = Gen.OneOf("id", "type", "data", "object", "order", "0", "1", "01", "", "a/b", "m~n", "\u00e9", "x");

    private static readonly Gen<JsonPointer[]> Pointers = Token.Array[1, 4]
        .Select(tokens => JsonPointer.TryParse("/" + string.Join("/", tokens.Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))))
        .Where(pointer => pointer is not null) // "/" alone is refused as a setting
        .Select(pointer => pointer!)
        .Array[1, 6];

    [Fact]
    public void TryScan_AnyBodyAndPointers_AnswersAsAParsedDocumentDoes() =>
        Gen.Select(Json.Body, Pointers).Sample((body, pointers) =>
        {
            var json = ByteOrderMark.Skip(body.AsSpan()).ToArray();
            var found = new JsonFieldValue[pointers.Length];

            var scanned = new JsonFieldScanner(pointers, EnvelopeReader.MaxDepth).TryScan(json, found, out var error);

            var values = found.Select(value => value.Read(json)).ToArray();
            var (expectedValues, expectedError) = Parsed(json, pointers);
            Assert.Equal(expectedError, error);
            Assert.Equal(expectedError is null, scanned);
            if (expectedValues is not null)
                Assert.Equal(expectedValues, values);
        }, iter: Cases);

    /// <summary>
    /// What the document lookup answered; no values where it gave up: a key escaped into no UTF-16
    /// string ("\ud800") makes it throw when its search of an object passes that key, so it found
    /// nothing even where the scanner finds the key asked for (JsonFieldScannerTests).
    /// </summary>
    private static (string?[]? Values, string? Error) Parsed(byte[] json, JsonPointer[] pointers)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = EnvelopeReader.MaxDepth });
        }
        catch (JsonException ex)
        {
            return (new string?[pointers.Length], ex.Message);
        }

        using (document)
        {
            if (!NamesAreText(document.RootElement))
                return (null, null);

            return ([.. pointers.Select(pointer => !pointer.TryEvaluate(document.RootElement, out var value) ? null : value.ValueKind switch
            {
                JsonValueKind.String => JsonText.TryGetString(value) is { Length: > 0 } text ? text : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            })], null);
        }
    }

    private static bool NamesAreText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!NameIsText(property) || !NamesAreText(property.Value))
                        return false;
                }

                return true;
            case JsonValueKind.Array:
                return element.EnumerateArray().All(NamesAreText);
            default:
                return true;
        }
    }

    private static bool NameIsText(JsonProperty property)
    {
        try
        {
            return property.Name is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
