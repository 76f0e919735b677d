using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Operations.Board;
using SalesMesh.LeadRouting.Operations.Sla;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.LeadRouting.Operations;

/// <summary>
/// The operations side of every LeadRouting SaveChanges:
/// before the write, SLA timers follow the lead events in the unit of work (<see cref="SlaClockScheduler"/>);
/// after the commit, the ids of changed leads go to the board feed (<see cref="BoardFeed"/>), never
/// before — a watcher must not see a change that may still roll back.
/// Registered ahead of the durable-timer interceptor, which turns the scheduled timers into rows.
/// </summary>
internal sealed class LeadOperationsSaveInterceptor(BoardFeed feed) : AfterCommitInterceptor<LeadOperationsSaveInterceptor.Pending>
{
    internal sealed class Pending
    {
        public readonly HashSet<Guid> LeadIds = [];
    }

    protected override async ValueTask BeforeSaveAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        if (context is not LeadRoutingDbContext db)
            return;
        await SlaClockScheduler.ApplyAsync(db, async, cancellationToken);
        foreach (var entry in db.ChangeTracker.Entries<LeadRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
                PendingFor(db).LeadIds.Add(entry.Entity.Id);
        }
    }

    protected override void Committed(Pending pending)
    {
        if (pending.LeadIds.Count == 0)
            return;
        var ids = pending.LeadIds.ToList();
        pending.LeadIds.Clear();
        feed.PublishCommitted(ids);
    }

    protected override void RolledBack(Pending pending) => pending.LeadIds.Clear();
}
