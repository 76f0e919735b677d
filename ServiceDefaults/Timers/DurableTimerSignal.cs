using System.Threading.Channels;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// "Look for due timers now": raised after a commit that scheduled timers, and by anything that
/// moves time in-process (a test's manual clock after advancing). Without a nudge the workers
/// still look every <see cref="DurableTimerOptions.PollInterval"/>. Coalesces, and wakes every
/// worker in the process (one per DbContext type and per <see cref="DurableTimerOptions.Workers"/>).
/// </summary>
public sealed class DurableTimerSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Nudge()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
    }

    /// <summary>The task the next <see cref="Nudge"/> completes; take it before checking for work so no nudge is missed.</summary>
    public Task NextNudge()
    {
        lock (_gate)
            return _next.Task;
    }
}
