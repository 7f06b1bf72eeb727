namespace Hookbox;

/// <summary>Events a look recovered: how many, and between which times they happened.</summary>
/// <param name="Count">Events recovered.</param>
/// <param name="First">When the earliest of them happened (by the sender's clock, else the window's start).</param>
/// <param name="Last">When the latest of them happened (else the window's end).</param>
internal sealed record CatchUpGap(int Count, DateTimeOffset First, DateTimeOffset Last);
