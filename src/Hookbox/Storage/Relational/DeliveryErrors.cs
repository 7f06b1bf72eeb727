namespace Hookbox.Storage.Relational;

/// <summary>What a store writes as a delivery's last error when it, not an attempt, ends the delivery.</summary>
internal static class DeliveryErrors
{
    /// <summary>The last allowed attempt and its one grace run both outlived their leases unreported.</summary>
    public const string Exhausted = "the last attempt did not finish: its process stopped or it outlived its lease";

    /// <summary>Its route was removed from configuration.</summary>
    public const string Orphaned = "its route is no longer configured; replay the event to deliver it to the routes configured now";
}
