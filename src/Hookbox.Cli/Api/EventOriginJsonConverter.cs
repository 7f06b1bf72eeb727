using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookbox.Cli;

/// <summary>An event's origin as the API writes it, <c>webhook</c> or <c>catch-up</c>, read into and written from <see cref="EventOrigin"/>.</summary>
internal sealed class EventOriginJsonConverter : JsonConverter<EventOrigin>
{
    public override EventOrigin Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EventOrigins.Parse(reader.GetString())
        ?? throw new JsonException($"origin must be one of {string.Join(", ", EventOrigins.All)}, not '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, EventOrigin value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToText());
    }
}
