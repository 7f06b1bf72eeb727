namespace Hookbox;

/// <summary>What erasure writes where a reader will see it, the same from every store.</summary>
internal static class ErasureMessages
{
    /// <summary>The last error of a delivery that was still to run when its event was erased.</summary>
    public const string DeliveryStopped = "the event was erased on request: there is no payload left to deliver";
}
