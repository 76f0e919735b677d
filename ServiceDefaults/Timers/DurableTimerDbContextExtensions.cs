using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Timers;

public static class DurableTimerDbContextExtensions
{
    /// <summary>Longest kind or key accepted (they are part of a unique index).</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// Schedules (or moves) timer (<paramref name="kind"/>, <paramref name="key"/>) to fire at
    /// <paramref name="dueAtUtc"/>. Nothing is written now: the next <c>SaveChanges</c> of
    /// <paramref name="db"/> inserts the row, or updates the existing one (new due time and
    /// payload, attempts reset, un-fired again), atomically with the caller's other changes.
    /// Several calls before one SaveChanges apply in call order. A due time in the past fires at once.
    /// </summary>
    /// <remarks>
    /// Two transactions creating the same new (kind, key) at the same moment: the second fails
    /// with a unique violation (a DbUpdateException) rather than silently doubling the timer;
    /// schedule timers of an aggregate inside the transaction that changes (and so locks) it.
    /// </remarks>
    public static void ScheduleTimer(this DbContext db, string kind, string key, DateTimeOffset dueAtUtc, string? payloadJson = null) =>
        Schedule(db, kind, key, dueAtUtc, payloadJson, PendingTimerOperationKind.Schedule);

    /// <summary>
    /// <see cref="ScheduleTimer"/> for a key nobody can have used yet (the id of an entity created in
    /// this unit of work): SaveChanges inserts without first looking for a stored row, one round trip
    /// less on hot paths. Should the key exist after all, the insert fails with a unique violation.
    /// </summary>
    public static void ScheduleNewTimer(this DbContext db, string kind, string key, DateTimeOffset dueAtUtc, string? payloadJson = null) =>
        Schedule(db, kind, key, dueAtUtc, payloadJson, PendingTimerOperationKind.ScheduleNew);

    private static void Schedule(DbContext db, string kind, string key, DateTimeOffset dueAtUtc, string? payloadJson, PendingTimerOperationKind operation)
    {
        ValidateName(kind, nameof(kind));
        ValidateName(key, nameof(key));
        db.Set<DurableTimer>().Add(new DurableTimer
        {
            Kind = kind,
            Key = key,
            DueAt = dueAtUtc.ToUniversalTime(),
            Payload = payloadJson,
            ScheduledAt = DateTimeOffset.UtcNow,
            Pending = PendingTimerOperation.Next(operation),
        });
    }

    /// <summary>
    /// Removes timer (<paramref name="kind"/>, <paramref name="key"/>) in the next
    /// <c>SaveChanges</c>, if it exists. Cancelling an unknown or already fired timer is not an error.
    /// </summary>
    public static void CancelTimer(this DbContext db, string kind, string key)
    {
        ValidateName(kind, nameof(kind));
        ValidateName(key, nameof(key));
        db.Set<DurableTimer>().Add(new DurableTimer
        {
            Kind = kind,
            Key = key,
            Pending = PendingTimerOperation.Next(PendingTimerOperationKind.Cancel),
        });
    }

    /// <summary>The stored timers of <paramref name="kind"/> (fired ones included until cleaned up), for queries like "when is this lead's clock due".</summary>
    public static IQueryable<DurableTimer> Timers(this DbContext db, string kind) =>
        db.Set<DurableTimer>().AsNoTracking().Where(t => t.Kind == kind);

    internal static void ValidateName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException("Timer kind and key must not be empty.", parameter);
        if (value.Length > MaxNameLength)
            throw new ArgumentException($"Timer kind and key are at most {MaxNameLength} characters; got {value.Length}.", parameter);
    }
}
