using System.Text.Json;

namespace Hookbox.AspNetCore;

/// <summary>
/// Writes stored headers to an answer, with every signature header as a digest even where the
/// store still holds its value: events received before signatures were digested at capture.
/// What the API shows, the dashboard and the CLI show, so none of them hands out a replayable
/// delivery.
/// </summary>
internal static class StoredHeadersJson
{
    public static void Write(Utf8JsonWriter writer, string propertyName, ReadOnlySpan<byte> headers)
    {
        writer.WritePropertyName(propertyName);
        if (!HoldsUndigestedSignature(headers))
        {
            // The common case, written as stored: Hookbox wrote it, so it needs no validation.
            writer.WriteRawValue(headers, skipInputValidation: true);
            return;
        }

        using var document = JsonDocument.Parse(headers.ToArray());
        writer.WriteStartObject();
        foreach (var header in document.RootElement.EnumerateObject())
        {
            if (header.Value.ValueKind == JsonValueKind.String && IsUndigestedSignature(header.Name, header.Value.GetString()!))
                writer.WriteString(header.Name, SignatureHeaders.Digest(header.Value.GetString()!)); // a string's GetString is never null
            else
                header.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static bool HoldsUndigestedSignature(ReadOnlySpan<byte> headers)
    {
        var reader = new Utf8JsonReader(headers);
        string? name = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                name = reader.GetString();
            else if (reader.TokenType == JsonTokenType.String && name is not null && IsUndigestedSignature(name, reader.GetString()!))
                return true;
        }

        return false;
    }

    private static bool IsUndigestedSignature(string name, string value) =>
        SignatureHeaders.Contains(name, configured: null) && !SignatureHeaders.IsDigest(value);
}
