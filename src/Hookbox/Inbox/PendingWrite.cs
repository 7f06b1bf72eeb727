namespace Hookbox;

/// <summary>One item waiting for the group-commit writer: an event whose request awaits its commit, or a rejection nobody waits for.</summary>
internal abstract class PendingWrite;
