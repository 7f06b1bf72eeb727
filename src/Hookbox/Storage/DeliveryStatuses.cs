namespace Hookbox.Storage;

/// <summary>A <see cref="DeliveryStatus"/> as text, at the edges: SQL, JSON, metric tags.</summary>
public static class DeliveryStatuses
{
    /// <summary>The text of <see cref="DeliveryStatus.Pending"/>.</summary>
    public const string Pending = "pending";

    /// <summary>The text of <see cref="DeliveryStatus.Succeeded"/>.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The text of <see cref="DeliveryStatus.Retrying"/>.</summary>
    public const string Retrying = "retrying";

    /// <summary>The text of <see cref="DeliveryStatus.Dead"/>.</summary>
    public const string Dead = "dead";

    /// <summary>Every status's text.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Succeeded, Retrying, Dead];

    /// <summary>The status's text.</summary>
    public static string ToText(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => Pending,
        DeliveryStatus.Succeeded => Succeeded,
        DeliveryStatus.Retrying => Retrying,
        DeliveryStatus.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a delivery status"),
    };

    /// <summary>The status a text names, or null when it names none.</summary>
    public static DeliveryStatus? Parse(string? text) => text switch
    {
        Pending => DeliveryStatus.Pending,
        Succeeded => DeliveryStatus.Succeeded,
        Retrying => DeliveryStatus.Retrying,
        Dead => DeliveryStatus.Dead,
        _ => null,
    };

    /// <summary>The status a store recorded; any text the stores do not write is an error rather than a guess.</summary>
    internal static DeliveryStatus ParseStored(string text) => Parse(text)
        ?? throw new InvalidOperationException($"a delivery's status is stored as '{text}', which is none of {string.Join(", ", All)}; the row was not written by Hookbox");
}
