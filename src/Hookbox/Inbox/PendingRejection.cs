namespace Hookbox;

/// <summary>A rejection for the log.</summary>
internal sealed class PendingRejection(Rejection rejection) : PendingWrite
{
    public Rejection Rejection { get; } = rejection;
}
