using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Nudges the delivery worker once outbox rows are committed: after SaveChanges when it ran in
/// its own transaction, or after the explicit transaction commits. Never before the commit: the
/// worker could not see the rows yet and would go back to sleep.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : AfterCommitInterceptor<OutboxCommitInterceptor.Flag>
{
    internal sealed class Flag
    {
        public bool OutboxRowsPending;
    }

    protected override ValueTask BeforeSaveAsync(DbContext context, bool async, CancellationToken cancellationToken)
    {
        foreach (var entry in context.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added)
            {
                PendingFor(context).OutboxRowsPending = true;
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    protected override void Committed(Flag pending)
    {
        if (!pending.OutboxRowsPending)
            return;
        pending.OutboxRowsPending = false;
        signal.Nudge();
    }

    protected override void RolledBack(Flag pending) => pending.OutboxRowsPending = false;
}
