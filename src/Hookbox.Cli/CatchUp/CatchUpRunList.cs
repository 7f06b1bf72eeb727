namespace Hookbox.Cli;

/// <summary>The answer of <c>GET /api/sources/{source}/catch-up</c>: the latest looks, newest first.</summary>
internal sealed record CatchUpRunList(IReadOnlyList<CatchUpRun> Runs);
