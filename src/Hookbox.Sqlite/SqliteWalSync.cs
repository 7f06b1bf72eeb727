using Microsoft.Win32.SafeHandles;

namespace Hookbox.Sqlite;

/// <summary>
/// Makes the writer's commits durable off its path. The writer commits with
/// <c>synchronous=NORMAL</c>: the transaction is in the WAL file but not yet on disk, and the
/// writer goes on to the next batch at once. A durable commit then waits here for a sync of the
/// WAL that began after it: one <c>fsync</c> on a thread of its own covers every commit made
/// before it began, so while one batch's sync runs the next batch is written (a pipelined group
/// commit), and a batch is answered only once it is on disk, as with <c>synchronous=FULL</c>.
/// </summary>
/// <remarks>
/// An answer that a later batch gives about an earlier one (a duplicate of it) waits for a sync
/// that began after the later commit, which covers the earlier one too. A failed fsync leaves the
/// file's unsynced pages in doubt (the kernel may have dropped them): every later sync fails as
/// well, so nothing is acknowledged on top of them until the writer is opened again.
/// </remarks>
internal sealed class SqliteWalSync : IDisposable
{
    private readonly SafeFileHandle _wal;
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private List<TaskCompletionSource> _waiting = [];
    private Exception? _failed;
    private bool _stopping;
    private long _syncs;

    /// <summary>Opens the WAL file of the database at <paramref name="databasePath"/>, which must exist (the writer's connection is open).</summary>
    public SqliteWalSync(string databasePath)
    {
        // Never written through: the file is SQLite's. Linux and macOS flush a handle opened for
        // reading; Windows (FlushFileBuffers) only one opened for writing. SQLite shares the file
        // for reading and writing, so either opens beside it.
        var access = OperatingSystem.IsWindows() ? FileAccess.ReadWrite : FileAccess.Read;
        _wal = File.OpenHandle(databasePath + "-wal", FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete);
        _thread = new Thread(Run) { IsBackground = true, Name = "Hookbox WAL sync" };
        _thread.Start();
    }

    /// <summary>Syncs done: the count tests read.</summary>
    internal long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Completes once a sync that began after this call has put everything written before it on disk.</summary>
    public Task SyncAsync()
    {
        var waiter = new TaskCompletionSource();
        bool first;
        lock (_lock)
        {
            if (_failed is not null)
                return Task.FromException(new IOException("An earlier sync of the inbox's WAL failed; the writer must be opened again", _failed));

            if (_stopping)
                return Task.FromException(new ObjectDisposedException(nameof(SqliteWalSync)));

            _waiting.Add(waiter);
            first = _waiting.Count == 1;
        }

        // The first waiter of a round wakes the thread; the others join the round it takes.
        if (first)
            _wake.Release();

        return waiter.Task;
    }

    /// <summary>Syncs once more for whoever waits, then stops and closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping)
                return;

            _stopping = true;
        }

        _wake.Release();
        _thread.Join();
        _wal.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _wake.Wait();
            List<TaskCompletionSource> waiting;
            bool stopping;
            lock (_lock)
            {
                waiting = _waiting;
                _waiting = [];
                stopping = _stopping;
            }

            if (waiting.Count > 0)
                Sync(waiting);

            if (stopping)
                return;
        }
    }

    private void Sync(List<TaskCompletionSource> waiting)
    {
        Exception? failure;
        lock (_lock)
            failure = _failed;

        if (failure is null)
        {
            try
            {
                RandomAccess.FlushToDisk(_wal);
                Interlocked.Increment(ref _syncs);
            }
            catch (Exception ex)
            {
                failure = ex;
                lock (_lock)
                    _failed = ex;
            }
        }

        // Answered from the thread pool, in one work item: the waiters' continuations (answering
        // senders) then never hold up the next sync.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (waiters, error) = state;
                foreach (var waiter in waiters)
                {
                    if (error is null)
                        waiter.TrySetResult();
                    else
                        waiter.TrySetException(new IOException("The inbox's WAL could not be synced to disk", error));
                }
            },
            (waiting, failure),
            preferLocal: false);
    }
}
