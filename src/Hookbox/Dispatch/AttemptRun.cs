namespace Hookbox;

/// <summary>One attempt as <see cref="AttemptRunner"/> ran it.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Result">Its result; a failure for a timeout.</param>
/// <param name="Elapsed">From its start to its end or its timeout.</param>
/// <param name="Target">
/// The target's own task: complete, unless the target outlived the timeout ignoring its
/// cancellation token, when it ends whenever the target does.
/// </param>
internal sealed record AttemptRun(AttemptEnd End, AttemptResult Result, TimeSpan Elapsed, Task Target);
