using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Pools;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Sla;
using SalesMesh.LeadRouting.Operations.Grpc;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Operations.Pools;

public sealed record ClaimOutcome(Guid LeadId, DateTimeOffset ClaimedAt, SlaDeadlines Deadlines, int ClaimsLeftToday);

/// <summary>
/// LR-7 claiming from the public pool, decided by the domain's <see cref="ClaimRules"/> on data read
/// under the lead's row lock: the rep's claims of the last two days (assignments with reason
/// <c>claim</c>), open leads, earlier ownerships of this lead (ended assignments → cooldown),
/// revoked follow-up rights. The claim is stored as an assignment through LR-CORE's
/// <see cref="LeadAssignmentService"/>, so history, LeadAssigned and the SLA clocks follow.
/// </summary>
public sealed class ClaimService(LeadRoutingDbContext db, LeadAssignmentService assignments, TimeProvider time)
{
    public Task<ClaimOutcome> ClaimAsync(Caller caller, Guid leadId, OperationErrors errors, CancellationToken cancellationToken)
    {
        if (!caller.IsInRole(CallerRoles.Rep))
            throw errors.PermissionDenied("只有销售可以认领公海线索", "Only reps can claim leads from the public pool");

        return db.InTransactionAsync(async (db, ct) =>
        {
            // Serializes this rep's claims, so two parallel claims cannot both pass the daily limit.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"claim:" + caller.UserId}))", ct);
            var lead = await LeadLocks.LockLeadAsync(db, leadId, ct) ?? throw errors.NotFound("lead", leadId.ToString("D"));
            var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
            var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
            var candidates = await RosterLoader.LoadCandidatesAsync(db, policy, now, ct);
            var me = candidates.FirstOrDefault(c => c.Rep.RepId == caller.UserId)
                ?? throw errors.FailedPrecondition("NOT_ON_ROSTER", "你不在销售名册中或账号已停用，不能认领", "You are not an active rep on the roster and cannot claim");

            var previousOwners = await db.LeadAssignments.AsNoTracking()
                .Where(a => a.LeadId == leadId && a.RepUserId != null && a.EndedAt != null)
                .Select(a => new { a.RepUserId, a.EndedAt })
                .ToListAsync(ct);
            var since = now.AddDays(-2);
            var recentClaims = await db.LeadAssignments.AsNoTracking()
                .Where(a => a.RepUserId == caller.UserId && a.Reason == AssignmentReasons.Claim && a.DecidedAt > since)
                .Select(a => a.DecidedAt)
                .ToListAsync(ct);
            var revoked = await db.Set<FollowUpRevocationRecord>().AsNoTracking()
                .AnyAsync(r => r.LeadId == leadId && r.RepUserId == caller.UserId && r.RestoredAt == null, ct);

            var verdict = ClaimRules.CanClaim(policy, me.Rep,
                new ClaimableLead(leadId.ToString("D"), lead.Status, lead.ProductLine,
                    [.. previousOwners.Select(o => new PreviousOwnership(o.RepUserId!, o.EndedAt!.Value))]),
                new ClaimantActivity(recentClaims, me.Workload.OpenLeadCount, revoked), now);
            if (!verdict.IsSuccess)
                throw errors.FailedPrecondition(verdict.Error!);

            var leadToRoute = new LeadToRoute(leadId.ToString("D"), lead.Territory, lead.ProductLine);
            var decision = new RoutingDecision(leadToRoute.LeadId, RoutingOutcome.Assigned, me.Rep.RepId, policy.PolicyId, policy.Version, now,
                [LeadRouter.Evaluate(policy, leadToRoute, me, [], now) with { Rank = 1 }],
                new LocalizedText($"{me.Rep.DisplayName} 从公海认领", $"claimed from the public pool by {me.Rep.DisplayName}"));
            await assignments.ApplyAsync(lead, decision, candidates, AssignmentReasons.Claim, caller.UserId, ct);

            var today = ShanghaiTime.LocalDate(now);
            var claimsToday = recentClaims.Count(c => ShanghaiTime.LocalDate(c) == today) + 1;
            db.EnqueueEvent(new LeadClaimed(leadId, caller.UserId, claimsToday, now));
            return new ClaimOutcome(leadId, now, SlaClock.Deadlines(policy.Sla, now), Math.Max(0, policy.PublicPool.MaxClaimsPerDay - claimsToday));
        }, cancellationToken);
    }
}
