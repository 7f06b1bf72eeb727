using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hookbox.Cli;

/// <summary>How the client reads and writes the events API's JSON: camelCase, as the API writes it.</summary>
internal static class ApiJson
{
    private static readonly TextEnumJsonConverter<EventOrigin> Origin = new("origin", EventOrigins.ToText, EventOrigins.Parse, EventOrigins.All);
    private static readonly TextEnumJsonConverter<EventStatus> EventStatus = new("status", EventStatuses.ToText, EventStatuses.Parse, EventStatuses.All);
    private static readonly TextEnumJsonConverter<DeliveryStatus> DeliveryStatus = new("status", DeliveryStatuses.ToText, DeliveryStatuses.Parse, DeliveryStatuses.All);

    // What the CLI writes goes to a terminal or a script, never into a web page: no need to
    // escape '+', '<' or non-ASCII text, which would only make it harder to read.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { Origin, EventStatus, DeliveryStatus },
    };

    /// <summary>For people: indented, and non-ASCII text left readable rather than \u-escaped.</summary>
    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { Origin, EventStatus, DeliveryStatus },
    };
}
