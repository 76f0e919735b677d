using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// Row locks for state changes. Lock order everywhere: intake de-dup keys (advisory) → lead rows →
/// history head (LeadHistoryWriter, last). Keeping that order is what keeps concurrent intakes,
/// state changes and appends free of deadlocks.
/// </summary>
public static class LeadLocks
{
    /// <summary>The lead, tracked and locked (<c>FOR UPDATE</c>) until the transaction ends; null when it does not exist.</summary>
    public static Task<LeadRecord?> LockLeadAsync(LeadRoutingDbContext db, Guid leadId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("LockLeadAsync needs an explicit transaction (use db.InTransactionAsync).");
        return db.Leads.FromSql($"SELECT *, xmin FROM lead_routing.leads WHERE id = {leadId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
    }
}
