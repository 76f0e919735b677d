using System.Collections.Concurrent;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.ServiceDefaults.Tests.Timers;

/// <summary>Records each run in <c>timer_fires</c> (in the timer's transaction).</summary>
public sealed class RecordingHandler(TimerTestDbContext db, TimerTestBehaviour behaviour) : IDurableTimerHandler
{
    public const string Kind = "test.record";

    public async Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken)
    {
        db.Fires.Add(new TimerFire { Key = timer.Key, Attempt = timer.Attempt, Payload = timer.Payload, DueAt = timer.DueAt, FiredAt = timer.FiredAt });
        if (behaviour.HandlerDelay > TimeSpan.Zero)
            await Task.Delay(behaviour.HandlerDelay, cancellationToken);
        // Written before throwing on purpose: a failed run's writes must not survive.
        await db.SaveChangesAsync(cancellationToken);
        if (behaviour.FailuresLeft.TryGetValue(timer.Key, out var left) && left > 0)
        {
            behaviour.FailuresLeft[timer.Key] = left - 1;
            throw new InvalidOperationException($"planned failure for {timer.Key}");
        }
    }
}

/// <summary>A recurring timer: each run records itself and schedules the next run one hour later.</summary>
public sealed class RecurringHandler(TimerTestDbContext db) : IDurableTimerHandler
{
    public const string Kind = "test.recurring";

    public Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken)
    {
        db.Fires.Add(new TimerFire { Key = timer.Key, Attempt = timer.Attempt, DueAt = timer.DueAt, FiredAt = timer.FiredAt });
        db.ScheduleTimer(Kind, timer.Key, timer.DueAt.AddHours(1));
        return Task.CompletedTask;
    }
}

/// <summary>Per-host knobs the handlers read.</summary>
public sealed class TimerTestBehaviour
{
    public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();
    public TimeSpan HandlerDelay { get; set; }
}
