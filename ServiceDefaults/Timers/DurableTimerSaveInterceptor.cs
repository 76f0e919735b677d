using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// Turns the placeholder rows of <c>ScheduleTimer</c>/<c>CancelTimer</c> into an insert, update or
/// delete of the real (kind, key) row right before SaveChanges writes, so the timer change is part
/// of the caller's own SaveChanges (and transaction). After the commit it nudges the workers,
/// so a timer that is already due fires without waiting for the next poll.
/// </summary>
internal sealed class DurableTimerSaveInterceptor(DurableTimerSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Flag
    {
        public bool TimersChanged;
    }

    private readonly ConditionalWeakTable<DbContext, Flag> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
            ApplyPendingAsync(context, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            await ApplyPendingAsync(context, async: true, cancellationToken);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NudgeIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NudgeIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NudgeIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NudgeIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    private async Task ApplyPendingAsync(DbContext context, bool async, CancellationToken ct)
    {
        if (context.Model.FindEntityType(typeof(DurableTimer)) is null)
            return;
        var placeholders = context.ChangeTracker.Entries<DurableTimer>()
            .Where(e => e.State == EntityState.Added && e.Entity.Pending is not null)
            .OrderBy(e => e.Entity.Pending!.Order)
            .ToList();
        if (placeholders.Count == 0)
            return;

        foreach (var placeholder in placeholders)
        {
            var wanted = placeholder.Entity;
            var existing = FindTracked(context, wanted) ?? await LoadAsync(context, wanted, async, ct);
            if (wanted.Pending!.Operation == PendingTimerOperationKind.Schedule)
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
        _pending.GetOrCreateValue(context).TimersChanged = true;
    }

    private static EntityEntry<DurableTimer>? FindTracked(DbContext context, DurableTimer wanted) =>
        context.ChangeTracker.Entries<DurableTimer>()
            .FirstOrDefault(e => e.Entity.Pending is null && e.State != EntityState.Detached
                && e.Entity.Kind == wanted.Kind && e.Entity.Key == wanted.Key);

    private static async Task<EntityEntry<DurableTimer>?> LoadAsync(DbContext context, DurableTimer wanted, bool async, CancellationToken ct)
    {
        var query = context.Set<DurableTimer>().AsTracking().Where(t => t.Kind == wanted.Kind && t.Key == wanted.Key);
        var row = async ? await query.FirstOrDefaultAsync(ct) : query.FirstOrDefault();
        return row is null ? null : context.Entry(row);
    }

    private void NudgeIfCommitted(DbContext? context)
    {
        // Inside an explicit transaction the rows are not visible yet: wait for the commit.
        if (context?.Database.CurrentTransaction is null)
            NudgeIfPending(context);
    }

    private void NudgeIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var flag) && flag.TimersChanged)
        {
            flag.TimersChanged = false;
            signal.Nudge();
        }
    }

    private void Clear(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var flag))
            flag.TimersChanged = false;
    }
}
