using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Operations.Board;
using SalesMesh.LeadRouting.Operations.Sla;

namespace SalesMesh.LeadRouting.Operations;

/// <summary>
/// The operations side of every LeadRouting SaveChanges:
/// before the write, SLA timers follow the lead events in the unit of work (<see cref="SlaClockScheduler"/>);
/// after the commit, the ids of changed leads go to the board feed (<see cref="BoardFeed"/>), never
/// before — a watcher must not see a change that may still roll back.
/// Registered ahead of the durable-timer interceptor, which turns the scheduled timers into rows.
/// </summary>
internal sealed class LeadOperationsSaveInterceptor(BoardFeed feed) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public readonly HashSet<Guid> LeadIds = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LeadRoutingDbContext db)
        {
            SlaClockScheduler.ApplyAsync(db, async: false, CancellationToken.None).GetAwaiter().GetResult();
            Track(db);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is LeadRoutingDbContext db)
        {
            await SlaClockScheduler.ApplyAsync(db, async: true, cancellationToken);
            Track(db);
        }
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PublishIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PublishIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear(eventData.Context);
        return Task.CompletedTask;
    }

    private void Track(LeadRoutingDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<LeadRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
                _pending.GetOrCreateValue(db).LeadIds.Add(entry.Entity.Id);
        }
    }

    private void PublishIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
            Publish(context);
    }

    private void Publish(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending) || pending.LeadIds.Count == 0)
            return;
        var ids = pending.LeadIds.ToList();
        pending.LeadIds.Clear();
        feed.PublishCommitted(ids);
    }

    private void Clear(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
            pending.LeadIds.Clear();
    }
}
