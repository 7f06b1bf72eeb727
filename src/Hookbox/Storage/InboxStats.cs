namespace Hookbox.Storage;

/// <summary>A snapshot of the inbox, as <see cref="IInboxStats"/> reads it.</summary>
/// <param name="Sources">Per source that received or refused anything in the last day, by name.</param>
/// <param name="EventsPerMinute">Events received in each of the last 60 minutes, oldest first, zeros included.</param>
/// <param name="Dispatch">The state of the deliveries.</param>
public sealed record InboxStats(IReadOnlyList<SourceStats> Sources, IReadOnlyList<MinuteCount> EventsPerMinute, DispatchStats Dispatch);

/// <summary>One source's counts over the last hour and the last day.</summary>
public sealed record SourceStats(string Source, WindowCounts LastHour, WindowCounts LastDay);

/// <summary>Counts over one window.</summary>
/// <param name="Accepted">Events recorded (duplicates are not stored, so not counted here).</param>
/// <param name="Rejected">Requests refused (bad signature, bad JSON, too large…), as the rejection log holds them.</param>
/// <param name="Failing">Events received in the window that are now retrying or dead.</param>
public sealed record WindowCounts(long Accepted, long Rejected, long Failing);

/// <summary>Events received in one minute.</summary>
public sealed record MinuteCount(DateTimeOffset Minute, long Events);

/// <summary>The state of dispatch.</summary>
/// <param name="Due">Deliveries waiting whose time has come: the backlog.</param>
/// <param name="OldestPending">
/// Since when the longest-waiting due delivery has been due, if any: how far dispatch is behind.
/// A new event's delivery is due when it is received, a replayed one when it is replayed, a
/// retried one at its next attempt; one being attempted now is not waiting.
/// </param>
/// <param name="DeadEvents">Events with a dead delivery.</param>
public sealed record DispatchStats(long Due, DateTimeOffset? OldestPending, long DeadEvents);
