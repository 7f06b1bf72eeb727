using System.Text.Json;

namespace Hookbox;

/// <summary>A route ready to dispatch: what it matches, where it delivers, and how many at once.</summary>
internal sealed class Route(string name, string source, IReadOnlyList<EventPattern> patterns, IDeliveryTarget target, JsonPointer? orderBy, int concurrency)
{
    public string Name { get; } = name;

    public string Source { get; } = source;

    public IDeliveryTarget Target { get; } = target;

    public int Concurrency { get; } = concurrency;

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

            // A missing or null key leaves the event unordered rather than queued behind every other
            // keyless one; so does one with control characters, which PostgreSQL's text refuses (NUL).
            return value.ValueKind switch
            {
                JsonValueKind.String => JsonText.TryGetString(value) is { } key && !key.Any(char.IsControl) ? key : null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
