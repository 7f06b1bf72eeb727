using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookbox.Cli;

/// <summary>
/// An enum as the API writes it, by its text (<c>webhook</c>, <c>catch-up</c>, <c>dead</c>…),
/// read into and written from the enum through the core's own text edge, so the CLI never
/// spells a state twice.
/// </summary>
internal sealed class TextEnumJsonConverter<T>(string name, Func<T, string> toText, Func<string?, T?> parse, IReadOnlyList<string> all) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        parse(reader.GetString())
        ?? throw new JsonException($"{name} must be one of {string.Join(", ", all)}, not '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(toText(value));
    }
}
