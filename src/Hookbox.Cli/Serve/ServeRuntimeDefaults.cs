namespace Hookbox.Cli;

/// <summary>
/// How the runtime under <c>hookbox serve</c> runs, where its defaults cost a small machine
/// dearly. Each is an environment variable, set for this process only unless the operator set it
/// (to anything: 0 turns either off). The runtime reads each once, when the first socket or the
/// first file watcher is made, so they are set before the host is built.
/// </summary>
/// <remarks>
/// On a small VM every hand-off between threads is a context switch that costs about as much as
/// the work it hands on (bench/RESULTS.md), and both defaults hand work off where nothing needs it.
/// </remarks>
internal static class ServeRuntimeDefaults
{
    /// <summary>
    /// Socket operations are finished by the thread that waits on epoll, not queued to the thread
    /// pool first: a hand-off less per request, 8–24% less CPU per ingested request. Safe here,
    /// and only here, because every line this process runs is Hookbox's: Kestrel still hands each
    /// request to the pool (its own scheduler), so what runs on that thread is the code after an
    /// awaited HttpClient or Npgsql read, which never waits on another socket. An application that
    /// embeds Hookbox runs its own handlers after such awaits, which might; it decides for itself.
    /// </summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// appsettings.json is checked for changes every 4 seconds instead of watched with inotify.
    /// The watch covers the content root and every directory under it, where the inbox usually is
    /// (./hookbox-data, or the systemd unit's working directory itself), so each write of the
    /// inbox woke the watcher's thread to find it was not appsettings.json.
    /// </summary>
    public const string PollingFileWatcher = "DOTNET_USE_POLLING_FILE_WATCHER";

    public static void ApplyUnlessSet()
    {
        SetUnlessSet(InlineSocketCompletions, "1");
        SetUnlessSet(PollingFileWatcher, "1");
    }

    private static void SetUnlessSet(string variable, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            Environment.SetEnvironmentVariable(variable, value);
    }
}
