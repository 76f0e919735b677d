using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.ServiceDefaults.Tests.Timers;

/// <summary>
/// A clock the test moves by hand. Advancing nudges the timer workers of every host that uses it,
/// the way the in-process signal is meant to be used by anything that moves time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<DurableTimerSignal> _signals = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public void Attach(DurableTimerSignal signal)
    {
        lock (_gate)
            _signals.Add(signal);
    }

    public void Advance(TimeSpan by)
    {
        List<DurableTimerSignal> signals;
        lock (_gate)
        {
            _now += by;
            signals = [.. _signals];
        }
        foreach (var signal in signals)
            signal.Nudge();
    }
}
