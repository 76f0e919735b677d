using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>What <see cref="LeadAssignmentService.AssignAsync"/> decided and stored.</summary>
public sealed record AssignmentResult(LeadAssignmentRecord Assignment, RoutingDecision Decision);

/// <summary>
/// Routes a lead (LR-3) inside the caller's unit of work: loads policy, roster and workloads,
/// runs <see cref="LeadRouter"/>, stores the decision with every candidate's scores, moves the
/// lead to its new owner (or to the public pool with the reason — never an error), appends the
/// history entry and enqueues <see cref="LeadAssigned"/>. Nothing is saved here: the caller's
/// SaveChanges commits it all. Needs an explicit transaction (history) and a tracked lead, locked
/// by the caller (<see cref="LeadLocks.LockLeadAsync"/>) unless it was just created.
/// </summary>
public sealed class LeadAssignmentService(LeadRoutingDbContext db, TimeProvider time)
{
    /// <param name="lead">Tracked lead. Converted and abandoned leads are refused (InvalidOperationException).</param>
    /// <param name="exclusions">Reps that must not get it, with why (SLA breached on it, rights revoked, released it).</param>
    /// <param name="reason">AssignmentReasons value stored on the decision and in the event.</param>
    /// <param name="actorId">The person who caused it, or HistoryActors.System.</param>
    public async Task<AssignmentResult> AssignAsync(LeadRecord lead, IReadOnlyList<CallerExclusion> exclusions, string reason,
        string actorId, CancellationToken cancellationToken)
    {
        if (lead.Status is LeadStatus.Converted or LeadStatus.Abandoned)
            throw new InvalidOperationException($"Lead {lead.Id} is {LeadStatusNames.NameOf(lead.Status)} and cannot be routed.");

        var (decision, candidates) = await DecideAsync(lead, exclusions, cancellationToken);
        return await ApplyAsync(lead, decision, candidates, reason, actorId, cancellationToken);
    }

    /// <summary>
    /// Only the decision (reads, no writes, no locks): lets a caller route before it takes the history
    /// lock, then store with <see cref="ApplyAsync"/>.
    /// </summary>
    public async Task<(RoutingDecision Decision, IReadOnlyList<RoutingCandidate> Candidates)> DecideAsync(LeadRecord lead,
        IReadOnlyList<CallerExclusion> exclusions, CancellationToken cancellationToken)
    {
        var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
        var policy = await RoutingPolicyStore.GetCurrentAsync(db, cancellationToken);
        var candidates = await RosterLoader.LoadCandidatesAsync(db, policy, now, cancellationToken);
        var decision = LeadRouter.Route(policy,
            new RoutingRequest(new LeadToRoute(lead.Id.ToString("D"), lead.Territory, lead.ProductLine), candidates, exclusions), now);
        return (decision, candidates);
    }

    /// <summary>Stores an already-made decision (e.g. a backup chosen by SlaBreachHandler) exactly like AssignAsync does.</summary>
    public async Task<AssignmentResult> ApplyAsync(LeadRecord lead, RoutingDecision decision, IReadOnlyList<RoutingCandidate> candidates,
        string reason, string actorId, CancellationToken cancellationToken)
    {
        var now = decision.DecidedAt;
        if (lead.CurrentAssignmentId is { } previousId)
        {
            await db.LeadAssignments.Where(a => a.Id == previousId && a.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndedAt, now), cancellationToken);
        }

        var assigned = decision.Outcome == RoutingOutcome.Assigned;
        var rep = assigned ? candidates.Single(c => c.Rep.RepId == decision.AssignedRepId).Rep : null;
        var assignment = new LeadAssignmentRecord
        {
            Id = Guid.NewGuid(),
            LeadId = lead.Id,
            Outcome = assigned ? AssignmentOutcomes.Assigned : AssignmentOutcomes.PublicPool,
            RepUserId = rep?.RepId,
            Reason = reason,
            PolicyId = decision.PolicyId,
            PolicyVersion = decision.PolicyVersion,
            DecidedAt = now,
            DecidedBy = actorId,
            SummaryZh = decision.Summary.ZhCn,
            SummaryEn = decision.Summary.En,
            Explanation = DomainJson.Serialize(decision),
        };
        db.LeadAssignments.Add(assignment);

        var previousOwner = lead.OwnerUserId;
        lead.CurrentAssignmentId = assignment.Id;
        lead.StatusChangedAt = now;
        if (rep is not null)
        {
            lead.Status = LeadStatus.Assigned;
            lead.OwnerUserId = rep.RepId;
            lead.OwnerTeamId = string.IsNullOrEmpty(rep.TeamId) ? null : rep.TeamId;
            lead.AssignedAt = now;
            lead.FirstAssignedAt ??= now;
            lead.ViewedAt = null;
            lead.PooledAt = null;
            lead.PoolReasonZh = null;
            lead.PoolReasonEn = null;
            // The fair tie-break rotates on this; the row lock also serializes concurrent assignments to one rep.
            await db.Reps.Where(r => r.UserId == rep.RepId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastAssignedAt, now), cancellationToken);
        }
        else
        {
            lead.Status = LeadStatus.PublicPool;
            lead.OwnerUserId = null;
            lead.OwnerTeamId = null;
            lead.PooledAt = now;
            lead.PoolReasonZh = decision.Summary.ZhCn;
            lead.PoolReasonEn = decision.Summary.En;
        }
        if (previousOwner is not null && previousOwner != lead.OwnerUserId)
            lead.PreviousOwnerUserId = previousOwner;

        await LeadHistoryWriter.AppendAsync(db, lead, assigned ? HistoryKinds.Assigned : HistoryKinds.Pooled, actorId,
            new Dictionary<string, string>
            {
                ["assignmentId"] = assignment.Id.ToString("D"),
                ["outcome"] = assignment.Outcome,
                ["repUserId"] = rep?.RepId ?? "",
                ["previousOwnerUserId"] = previousOwner ?? "",
                ["reason"] = reason,
                ["policyVersion"] = decision.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["summary"] = decision.Summary.ZhCn,
            }, now, cancellationToken);

        db.EnqueueEvent(new LeadAssigned(lead.Id, assignment.Id, assignment.Outcome, rep?.RepId, lead.OwnerTeamId, reason,
            decision.PolicyVersion, decision.Summary.ZhCn, decision.Summary.En, decision.Candidates.Count, now));
        return new AssignmentResult(assignment, decision);
    }
}
