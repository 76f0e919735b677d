using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>What <see cref="LeadAssignmentService.RouteAsync"/> decided and stored.</summary>
public sealed record AssignmentResult(LeadAssignmentRecord Assignment, RoutingDecision Decision);

/// <summary>
/// Routes a lead (LR-3) inside the caller's unit of work: loads policy, roster and workloads,
/// runs <see cref="LeadRouter"/>, stores the decision with every candidate's scores, moves the
/// lead to its new owner (or to the public pool with the reason — never an error), appends the
/// history entry and enqueues <see cref="LeadAssigned"/>. Nothing is saved here: the caller's
/// SaveChanges commits it all. Needs an explicit transaction (the rep row locks it takes must last
/// until commit) and a tracked lead, locked by the caller (<see cref="LeadLocks.LockLeadAsync"/>)
/// unless it was just created.
/// </summary>
public sealed class LeadAssignmentService(LeadRoutingDbContext db, TimeProvider time)
{
    /// <summary>
    /// Routes a lead nobody chose by hand and stores the decision. Routing reads workloads without
    /// locks, so before storing it locks the chosen rep's row and re-checks the committed open-lead
    /// count: when a concurrent assignment took the last free slot meanwhile, it routes again (now
    /// seeing that rep full). Capacity therefore holds however many intakes run at once.
    /// </summary>
    /// <param name="lead">Tracked lead. Converted and abandoned leads are refused (InvalidOperationException).</param>
    /// <param name="exclusions">Reps that must not get it, with why (SLA breached on it, rights revoked, released it).</param>
    /// <param name="reason">AssignmentReasons value stored on the decision and in the event.</param>
    /// <param name="actorId">The person who caused it, or HistoryActors.System.</param>
    public async Task<AssignmentResult> RouteAsync(LeadRecord lead, IReadOnlyList<CallerExclusion> exclusions, string reason,
        string actorId, CancellationToken cancellationToken)
    {
        if (lead.Status is LeadStatus.Converted or LeadStatus.Abandoned)
            throw new InvalidOperationException($"Lead {lead.Id} is {LeadStatusNames.NameOf(lead.Status)} and cannot be routed.");

        // Each round that finds its rep full sees that rep excluded in the next: bounded by the roster size.
        for (var round = 0; ; round++)
        {
            var (now, policy, loaded) = await LoadAsync(cancellationToken);
            // Reps another transaction is assigning a lead to right now count as assigned just now: among
            // tied reps the next one gets this lead instead of everybody queueing behind one row lock.
            var busy = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var candidates = busy.Count == 0 ? loaded : [.. loaded.Select(c => busy.Contains(c.Rep.RepId)
                    ? c with { Workload = c.Workload with { LastAssignedAt = now } } : c)];
                var decision = Route(policy, lead, candidates, exclusions, now);
                if (decision.AssignedRepId is not { } repId || round > loaded.Count)
                    return await ApplyAsync(lead, decision, candidates, reason, actorId, cancellationToken);
                // Chosen although already counted as busy: the rep is simply the best, so wait for the lock.
                var wait = busy.Contains(repId);
                if (await TryTakeSlotAsync(repId, now, wait, cancellationToken))
                    return await ApplyAsync(lead, decision, candidates, reason, actorId, cancellationToken, repStamped: true);
                if (wait)
                    break; // full: the next round reloads the roster and sees it
                busy.Add(repId); // locked by another assignment, or full
            }
        }
    }

    /// <summary>
    /// One statement instead of a check and a later stamp: when the rep's committed open leads are
    /// below capacity, stamps its last assignment (the fair tie-break rotates on it) and keeps the
    /// row locked until commit, so two assignments to one rep never overlap. Without
    /// <paramref name="waitForLock"/> a row another transaction holds counts as unavailable (false),
    /// like a full one.
    /// </summary>
    private async Task<bool> TryTakeSlotAsync(string repId, DateTimeOffset now, bool waitForLock, CancellationToken cancellationToken) =>
        waitForLock
            ? await db.Reps.Where(r => r.UserId == repId && r.OpenLeadCount < r.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastAssignedAt, now), cancellationToken) == 1
            : await db.Database.ExecuteSqlAsync($"""
                UPDATE lead_routing.reps SET last_assigned_at = {now}
                WHERE user_id = (SELECT user_id FROM lead_routing.reps
                                 WHERE user_id = {repId} AND open_lead_count < capacity FOR UPDATE SKIP LOCKED)
                """, cancellationToken) == 1;

    private static RoutingDecision Route(RoutingPolicy policy, LeadRecord lead, IReadOnlyList<RoutingCandidate> candidates,
        IReadOnlyList<CallerExclusion> exclusions, DateTimeOffset now) =>
        LeadRouter.Route(policy, new RoutingRequest(new LeadToRoute(lead.Id.ToString("D"), lead.Territory, lead.ProductLine), candidates, exclusions), now);

    /// <summary>
    /// Only the decision (reads, no writes, no locks); <see cref="ApplyAsync"/> stores it. For a person's
    /// choice (override, claim, approved appeal) or a planned hand-over, where capacity is not re-checked.
    /// </summary>
    public async Task<(RoutingDecision Decision, IReadOnlyList<RoutingCandidate> Candidates)> DecideAsync(LeadRecord lead,
        IReadOnlyList<CallerExclusion> exclusions, CancellationToken cancellationToken)
    {
        var (now, policy, candidates) = await LoadAsync(cancellationToken);
        return (Route(policy, lead, candidates, exclusions, now), candidates);
    }

    /// <summary>What a decision is made from: the time, the policy in force and the roster's candidates.</summary>
    private async Task<(DateTimeOffset Now, RoutingPolicy Policy, IReadOnlyList<RoutingCandidate> Candidates)> LoadAsync(CancellationToken cancellationToken)
    {
        var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
        var policy = await RoutingPolicyStore.GetCurrentAsync(db, cancellationToken);
        return (now, policy, await RosterLoader.LoadCandidatesAsync(db, policy, now, cancellationToken));
    }

    /// <summary>Stores an already-made decision (e.g. a backup chosen by SlaBreachHandler) exactly like RouteAsync does.</summary>
    /// <param name="repStamped">The chosen rep's row was already stamped and locked (<see cref="TryTakeSlotAsync"/>).</param>
    public async Task<AssignmentResult> ApplyAsync(LeadRecord lead, RoutingDecision decision, IReadOnlyList<RoutingCandidate> candidates,
        string reason, string actorId, CancellationToken cancellationToken, bool repStamped = false)
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
            Explanation = StoredDecision.Serialize(decision),
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
            // The fair tie-break rotates on this; the row lock also serializes concurrent assignments to one rep
            // (its open-lead count moves by trigger when the lead row is saved).
            if (!repStamped)
            {
                await db.Reps.Where(r => r.UserId == rep.RepId)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastAssignedAt, now), cancellationToken);
            }
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

        LeadHistoryWriter.Append(db, lead, assigned ? HistoryKinds.Assigned : HistoryKinds.Pooled, actorId,
            new Dictionary<string, string>
            {
                ["assignmentId"] = assignment.Id.ToString("D"),
                ["outcome"] = assignment.Outcome,
                ["repUserId"] = rep?.RepId ?? "",
                ["previousOwnerUserId"] = previousOwner ?? "",
                ["reason"] = reason,
                ["policyVersion"] = decision.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["summary"] = decision.Summary.ZhCn,
            }, now);

        db.EnqueueEvent(new LeadAssigned(lead.Id, assignment.Id, assignment.Outcome, rep?.RepId, lead.OwnerTeamId, reason,
            decision.PolicyVersion, decision.Summary.ZhCn, decision.Summary.En, decision.Candidates.Count, now));
        return new AssignmentResult(assignment, decision);
    }
}
