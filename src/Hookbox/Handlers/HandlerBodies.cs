using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Hookbox.Pocketsflow;

namespace Hookbox;

/// <summary>How a typed handler's body is read: Pocketsflow's types with their generated reader, anything else with the web defaults.</summary>
internal static class HandlerBodies
{
    public static Func<ReadOnlyMemory<byte>, TEvent?> ReaderFor<TEvent>()
    {
        if (PocketsflowJsonContext.Default.GetTypeInfo(typeof(TEvent)) is JsonTypeInfo<TEvent> pocketsflow)
            return body => JsonSerializer.Deserialize(body.Span, pocketsflow);

        return body => JsonSerializer.Deserialize<TEvent>(body.Span, JsonSerializerOptions.Web);
    }
}
