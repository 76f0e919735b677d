using System.Collections.Concurrent;
using System.Diagnostics;

namespace SalesMesh.Hosting.Processes;

/// <summary>
/// Starts every long-lived child from one dedicated thread that lives as long as this process.
/// Why: the parent-death signal (PR_SET_PDEATHSIG, set through setpriv) fires when the *thread*
/// that forked the child exits, not the process. Thread-pool threads retire when idle, which
/// would kill our servers at random; a thread that never exits makes the signal mean exactly
/// "the orchestrator is gone", so no child outlives us even after SIGKILL.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Requests = new();

    static ProcessSpawner()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "salesmesh-process-spawner" };
        thread.Start();
    }

    /// <summary>Calls <see cref="Process.Start()"/> on the spawner thread.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((process, started));
        return started.Task;
    }

    private static void Loop()
    {
        foreach (var (process, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception error)
            {
                started.SetException(error);
            }
        }
    }
}
