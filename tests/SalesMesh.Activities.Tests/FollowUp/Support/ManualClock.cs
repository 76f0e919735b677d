using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.Tests.FollowUp.Support;

/// <summary>
/// The service's clock, moved by the test ("60 days later" takes no time). Advancing nudges the
/// durable-timer worker so due timers fire at once instead of at the next poll.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;
    private DurableTimerSignal? _signal;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public void Attach(DurableTimerSignal signal)
    {
        lock (_gate)
            _signal = signal;
    }

    public void Advance(TimeSpan by)
    {
        DurableTimerSignal? signal;
        lock (_gate)
        {
            _now += by;
            signal = _signal;
        }
        signal?.Nudge();
    }
}
