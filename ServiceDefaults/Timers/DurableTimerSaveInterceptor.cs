using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// Turns the placeholder rows of <c>ScheduleTimer</c>/<c>CancelTimer</c> into an insert, update or
/// delete of the real (kind, key) row right before SaveChanges writes, so the timer change is part
/// of the caller's own SaveChanges (and transaction). After the commit it nudges the workers when
/// a timer it scheduled is already due, so that one fires without waiting for the next poll. A
/// timer due later is found by the workers' regular poll: nudging for it too would cost every
/// commit an empty claim query (a visit record or a lead schedules timers hours or days ahead).
/// </summary>
internal sealed class DurableTimerSaveInterceptor(DurableTimerSignal signal, TimeProvider clock) : AfterCommitInterceptor<DurableTimerSaveInterceptor.Flag>
{
    internal sealed class Flag
    {
        public bool DueTimerScheduled;
    }

    protected override async ValueTask BeforeSaveAsync(DbContext context, bool async, CancellationToken ct)
    {
        if (context.Model.FindEntityType(typeof(DurableTimer)) is null)
            return;
        var placeholders = context.ChangeTracker.Entries<DurableTimer>()
            .Where(e => e.State == EntityState.Added && e.Entity.Pending is not null)
            .OrderBy(e => e.Entity.Pending!.Order)
            .ToList();
        if (placeholders.Count == 0)
            return;

        await LoadUntrackedAsync(context, [.. placeholders.Select(p => p.Entity)
            .Where(p => p.Pending!.Operation != PendingTimerOperationKind.ScheduleNew && FindTracked(context, p) is null)], async, ct);
        var now = clock.GetUtcNow();
        foreach (var placeholder in placeholders)
        {
            var wanted = placeholder.Entity;
            if (wanted.Pending!.Operation != PendingTimerOperationKind.Cancel && wanted.DueAt <= now)
                PendingFor(context).DueTimerScheduled = true;
            var existing = FindTracked(context, wanted);
            if (wanted.Pending!.Operation != PendingTimerOperationKind.Cancel)
            {
                if (existing is null)
                {
                    wanted.Pending = null; // the placeholder becomes the row
                    continue;
                }
                var row = existing.Entity;
                row.DueAt = wanted.DueAt;
                row.Payload = wanted.Payload;
                row.ScheduledAt = wanted.ScheduledAt;
                row.Attempts = 0;
                row.LastError = null;
                row.NextAttemptAt = null;
                row.FiredAt = null;
                row.FiredBy = null;
                if (existing.State == EntityState.Deleted)
                    existing.State = EntityState.Modified; // cancelled, then scheduled again in one unit of work
            }
            else if (existing is not null)
            {
                if (existing.State == EntityState.Added)
                    existing.State = EntityState.Detached; // scheduled and cancelled before ever being saved
                else
                    existing.State = EntityState.Deleted;
            }
            placeholder.State = EntityState.Detached;
        }
    }

    private static EntityEntry<DurableTimer>? FindTracked(DbContext context, DurableTimer wanted) =>
        context.ChangeTracker.Entries<DurableTimer>()
            .FirstOrDefault(e => e.Entity.Pending is null && e.State != EntityState.Detached
                && e.Entity.Kind == wanted.Kind && e.Entity.Key == wanted.Key);

    /// <summary>
    /// Starts tracking the stored rows of <paramref name="wanted"/> in one round trip (a unit of
    /// work often touches several timers). The filter may match a few other rows of the same kinds
    /// and keys; they are tracked unchanged and never written.
    /// </summary>
    private static async Task LoadUntrackedAsync(DbContext context, IReadOnlyList<DurableTimer> wanted, bool async, CancellationToken ct)
    {
        if (wanted.Count == 0)
            return;
        var kinds = wanted.Select(t => t.Kind).Distinct().ToList();
        var keys = wanted.Select(t => t.Key).Distinct().ToList();
        var query = context.Set<DurableTimer>().AsTracking().Where(t => kinds.Contains(t.Kind) && keys.Contains(t.Key));
        _ = async ? await query.ToListAsync(ct) : query.ToList();
    }

    protected override void Committed(Flag pending)
    {
        if (!pending.DueTimerScheduled)
            return;
        pending.DueTimerScheduled = false;
        signal.Nudge();
    }

    protected override void RolledBack(Flag pending) => pending.DueTimerScheduled = false;
}
