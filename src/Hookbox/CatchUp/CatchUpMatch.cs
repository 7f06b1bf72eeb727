namespace Hookbox;

/// <summary>How a sender's listed events are matched with the inbox's.</summary>
public enum CatchUpMatch
{
    /// <summary>By event id: the API lists events under the ids their webhooks carry (Stripe, GitHub, an events list).</summary>
    EventId,

    /// <summary>
    /// By type and subject: the API has no events, only the things they are about (Pocketsflow's
    /// orders), so an item is present when any stored event of its type refers to its subject.
    /// </summary>
    Subject,
}
