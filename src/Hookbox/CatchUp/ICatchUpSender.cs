namespace Hookbox;

/// <summary>
/// One sender's API, as a catch-up look reads it. Failures the look cannot go on from (a refused
/// key, a rate limit or server error that outlasted the retries, a page that is not JSON) are
/// thrown as <see cref="CatchUpException"/>; single items that can't be read are reported in
/// <see cref="CatchUpPage.Malformed"/> and the look goes on.
/// </summary>
public interface ICatchUpSender
{
    /// <summary>How its items are matched with stored events.</summary>
    CatchUpMatch Match { get; }

    /// <summary>The events the API has in <paramref name="window"/>, page by page.</summary>
    IAsyncEnumerable<CatchUpPage> ListAsync(CatchUpWindow window, CancellationToken cancellationToken);

    /// <summary>
    /// The item with its payload, fetched when the list did not carry it (GitHub's delivery
    /// detail); called only for items the inbox lacks. Returns null when the detail is malformed.
    /// </summary>
    Task<CatchUpItem?> CompleteAsync(CatchUpItem item, CancellationToken cancellationToken);
}
