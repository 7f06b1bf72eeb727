using System.Text.Json;

namespace Hookbox;

/// <summary>A route ready to dispatch: what it matches, where it delivers, and how many at once.</summary>
internal sealed class Route(string name, string source, IReadOnlyList<EventPattern> patterns, IDeliveryTarget target, JsonPointer? orderBy, int concurrency)
{
    public string Name { get; } = name;

    public string Source { get; } = source;

    public IDeliveryTarget Target { get; } = target;

    public int Concurrency { get; } = concurrency;

    /// <summary>True when deliveries of this route that share a key run one at a time, in receive order.</summary>
    public bool IsOrdered => orderBy is not null;

    public bool Matches(string eventSource, string eventType)
    {
        if (!string.Equals(Source, eventSource, StringComparison.Ordinal))
            return false;

        foreach (var pattern in patterns)
        {
            if (pattern.Matches(eventType))
                return true;
        }

        return false;
    }

    /// <summary>The ordering key of an event's body for this route; null when it has none (it then runs unordered).</summary>
    public string? OrderKey(ReadOnlyMemory<byte> body)
    {
        if (orderBy is null)
            return null;

        try
        {
            using var document = JsonDocument.Parse(ByteOrderMark.Skip(body));
            if (!orderBy.TryEvaluate(document.RootElement, out var value))
                return null;

            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
