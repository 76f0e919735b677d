using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Tests.Operations.Support;

/// <summary>
/// The service's clock in these tests, moved by hand. <see cref="Advance"/> nudges the timer workers of
/// every host using it, so a due SLA clock fires within milliseconds instead of at the next poll;
/// <see cref="AdvanceUnannounced"/> does not (to prove the poll alone keeps the promised lag).
/// </summary>
public sealed class OpsClock(DateTimeOffset start) : TimeProvider
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

    /// <summary>
    /// Moves time the way a real clock moves: nobody tells the timer workers, so only their own
    /// poll (DurableTimerOptions.PollInterval) can notice that a timer fell due.
    /// </summary>
    public void AdvanceUnannounced(TimeSpan by)
    {
        lock (_gate)
            _now += by;
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
