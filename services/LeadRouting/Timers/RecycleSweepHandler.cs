using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Pools;
using SalesMesh.LeadRouting.Operations;
using SalesMesh.LeadRouting.Operations.Pools;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Timers;

/// <summary>
/// The recycle rules of LR-7, run as one recurring durable timer (so exactly one replica sweeps at a
/// time, and a restart loses nothing): abandoned leads, and leads still assigned or viewed without
/// any contact <c>RecycleIfNotContactedWithin</c> (policy, 48 h by default) after their owner got
/// them, go to the public pool with the reason (<c>LeadPooled</c>). "Got them" is the first
/// assignment of the current ownership — SLA reassignments do not restart it (so they cannot keep a
/// lead out of the pool forever), a claim or an override does. The policy is read at each sweep, so
/// an admin's change applies to every lead at once. At most <see cref="BatchSize"/> leads per run;
/// with more due it runs again immediately.
/// </summary>
internal sealed class RecycleSweepHandler(LeadRoutingDbContext db, TimeProvider time) : IDurableTimerHandler
{
    public const int BatchSize = 200;
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public async Task HandleAsync(DurableTimerContext timer, CancellationToken ct)
    {
        var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
        var policy = (await RoutingPolicyStore.GetCurrentAsync(db, ct)).PublicPool;
        var cutoff = now - policy.RecycleIfNotContactedWithin;

        // Cheap pre-filter on the lead row; the episode start below decides. SKIP LOCKED: a lead a
        // user is changing right now is simply looked at in the next sweep.
        var candidates = await db.Leads
            .FromSql($"""
                SELECT *, xmin FROM lead_routing.leads
                WHERE status = 'abandoned'
                   OR (status IN ('assigned', 'viewed') AND first_contacted_at IS NULL AND first_assigned_at <= {cutoff})
                ORDER BY first_assigned_at NULLS FIRST
                LIMIT {BatchSize + 1}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);

        foreach (var lead in candidates.Take(BatchSize))
        {
            var episodeStart = await OwnershipStartAsync(lead, ct);
            var contacted = await db.LeadContacts.AsNoTracking().AnyAsync(c => c.LeadId == lead.Id && c.ContactedAt >= (episodeStart ?? DateTimeOffset.MinValue), ct);
            var facts = new LeadPoolFacts(lead.Id.ToString("D"), lead.Status, lead.OwnerUserId, episodeStart, contacted ? now : null);
            if (PublicPoolRecycling.Evaluate(policy, facts, now) is not { } decision)
                continue;
            var cause = decision.Reason == PoolEntryReason.Abandoned ? PoolCauses.Abandoned : PoolCauses.NotContactedInTime;
            await PoolMover.MoveAsync(db, lead, LeadStatus.PublicPool, cause, decision.Message, HistoryActors.System, now, null, ct);
        }

        var next = candidates.Count > BatchSize ? now : now + Interval;
        db.ScheduleTimer(TimerKinds.RecycleSweep, TimerKinds.RecycleSweepKey, next);
    }

    /// <summary>When the current owner's ownership began: the latest assignment to them that was not an SLA hand-over.</summary>
    private async Task<DateTimeOffset?> OwnershipStartAsync(LeadRecord lead, CancellationToken ct)
    {
        var fresh = await db.LeadAssignments.AsNoTracking()
            .Where(a => a.LeadId == lead.Id && a.Outcome == AssignmentOutcomes.Assigned && a.Reason != AssignmentReasons.SlaBreach)
            .OrderByDescending(a => a.DecidedAt)
            .Select(a => (DateTimeOffset?)a.DecidedAt)
            .FirstOrDefaultAsync(ct);
        return fresh ?? lead.FirstAssignedAt;
    }
}
