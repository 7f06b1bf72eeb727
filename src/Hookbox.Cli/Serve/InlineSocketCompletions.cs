namespace Hookbox.Cli;

/// <summary>
/// Has the runtime finish socket operations on its event thread, instead of queueing each one
/// to the thread pool first, unless the operator chose otherwise.
/// </summary>
/// <remarks>
/// On a small VM every hand-off between threads is a context switch that costs about as much as
/// the work it hands on; queueing each socket completion is one such hand-off per request. With
/// the completions inline, ingest took 15–24% less CPU per request (bench/RESULTS.md).
/// Safe for <c>hookbox serve</c>, and only there, because every line the process runs is
/// Hookbox's: Kestrel still hands each request to the pool (its own scheduler), so what runs on
/// the event thread is the code after an awaited HttpClient or Npgsql read, which never waits on
/// another socket. An application that embeds Hookbox runs its own handlers after such awaits,
/// which might; it decides for itself.
/// </remarks>
internal static class InlineSocketCompletions
{
    /// <summary>The runtime's variable, read once, when the process opens its first socket.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call before anything opens a socket.</summary>
    public static void PreferUnlessSet() =>
        Environment.SetEnvironmentVariable(Variable, Choose(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>The value to run with: the operator's, when the variable is set (0 turns this off), else 1.</summary>
    public static string Choose(string? operatorValue) => string.IsNullOrEmpty(operatorValue) ? "1" : operatorValue;
}
