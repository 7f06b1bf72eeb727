namespace Hookbox;

/// <summary>
/// Pocketsflow's orders as catch-up reads them. Pocketsflow has no events list, so a look lists
/// orders and makes an <c>order.completed</c> for each one that no stored event refers to.
/// </summary>
internal static class PocketsflowOrders
{
    /// <summary>The type of the events a look makes from orders.</summary>
    public const string EventType = "order.completed";

    /// <summary>
    /// The event id of the event made from an order: stable, so a second look finds it stored, and
    /// never a webhook id (those have no colon), so the two can't be mistaken for each other.
    /// </summary>
    public static string EventIdFor(string orderId) => "order:" + orderId;
}
