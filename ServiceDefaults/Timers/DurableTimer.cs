namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// One durable timer: "run the handler of <see cref="Kind"/> for <see cref="Key"/> at
/// <see cref="DueAt"/>". Table <c>durable_timers</c> (see <see cref="DurableTimerMigrationBuilderExtensions"/>);
/// (kind, key) is unique, so scheduling the same timer again moves it instead of adding a second one.
/// Rows are written through <see cref="DurableTimerDbContextExtensions.ScheduleTimer"/> and
/// <see cref="DurableTimerDbContextExtensions.CancelTimer"/>, never directly.
/// </summary>
public sealed class DurableTimer
{
    public long Id { get; set; }

    /// <summary>Which handler runs it (registered with <see cref="DurableTimerOptions.AddHandler{THandler}"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>The caller's identity for the timer within its kind, e.g. <c>lead-42:view</c>.</summary>
    public required string Key { get; set; }

    /// <summary>When it should fire (UTC, from the service's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Optional JSON handed to the handler (stored as <c>jsonb</c>).</summary>
    public string? Payload { get; set; }

    /// <summary>When this row was (re)scheduled, wall clock; diagnostics only.</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    /// <summary>Failed handler runs so far; reset when the timer is rescheduled.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>After a failure: not retried before this instant (backoff).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Set in the same transaction as the handler's writes; null while pending.</summary>
    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>Which worker (host name / process / instance) fired it.</summary>
    public string? FiredBy { get; set; }

    /// <summary>
    /// Not mapped. Non-null on the placeholder row <c>ScheduleTimer</c>/<c>CancelTimer</c> add to
    /// the change tracker; the save interceptor turns it into an insert, update or delete of the
    /// real (kind, key) row inside the caller's SaveChanges.
    /// </summary>
    internal PendingTimerOperation? Pending { get; set; }
}

internal enum PendingTimerOperationKind
{
    Schedule,

    /// <summary>A schedule whose key is known to be unused: no lookup of a stored row.</summary>
    ScheduleNew,
    Cancel,
}

/// <summary>What a placeholder row asks for, and in which order (several per unit of work are applied in call order).</summary>
internal sealed record PendingTimerOperation(PendingTimerOperationKind Operation, long Order)
{
    private static long _order;

    public static PendingTimerOperation Next(PendingTimerOperationKind operation) => new(operation, Interlocked.Increment(ref _order));
}
