namespace Hookbox.Storage;

/// <summary>
/// The erasure side of the inbox, for a customer's deletion request: an erased event keeps its
/// record and its (source, event id), so a sender's re-send is still answered
/// <c>duplicate</c> and never stores the data again, but loses its body and headers for good.
/// Its deliveries that were still to run are marked dead (there is nothing left to deliver),
/// and it can no longer be replayed. Erasing is durable before it answers, and erasing an
/// erased event again changes nothing.
/// </summary>
public interface IInboxErasure
{
    /// <summary>
    /// Erases one event: returns when it was erased (<paramref name="erasedAt"/>, or the earlier
    /// time if it already was), or null when no event has that id.
    /// </summary>
    Task<DateTimeOffset?> EraseAsync(string id, DateTimeOffset erasedAt, CancellationToken cancellationToken);

    /// <summary>Erases every event about <paramref name="subject"/> (its stored subject, exactly); returns how many it erased now.</summary>
    Task<int> EraseSubjectAsync(string subject, DateTimeOffset erasedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Erases every event whose payload holds <paramref name="email"/> as a JSON string value,
    /// compared without regard to case (<see cref="PayloadEmail"/>); returns how many it erased now.
    /// </summary>
    Task<int> EraseEmailAsync(string email, DateTimeOffset erasedAt, CancellationToken cancellationToken);
}
