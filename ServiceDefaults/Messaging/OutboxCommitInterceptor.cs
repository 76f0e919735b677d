using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Nudges the delivery worker once outbox rows are committed: after SaveChanges when it ran in
/// its own transaction, or after the explicit transaction commits. Never before the commit: the
/// worker could not see the rows yet and would go back to sleep.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Flag
    {
        public bool OutboxRowsPending;
    }

    private readonly ConditionalWeakTable<DbContext, Flag> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
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

    private void Track(DbContext? context)
    {
        if (context is null)
            return;
        foreach (var entry in context.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                _pending.GetOrCreateValue(context).OutboxRowsPending = true;
                return;
            }
        }
    }

    private void NudgeIfCommitted(DbContext? context)
    {
        // Inside an explicit transaction the rows are not visible yet: wait for the commit.
        if (context?.Database.CurrentTransaction is null)
            NudgeIfPending(context);
    }

    private void NudgeIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var flag) && flag.OutboxRowsPending)
        {
            flag.OutboxRowsPending = false;
            signal.Nudge();
        }
    }

    private void Clear(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var flag))
            flag.OutboxRowsPending = false;
    }
}
