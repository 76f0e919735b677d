using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Sla;
using SalesMesh.LeadRouting.Operations;
using SalesMesh.LeadRouting.Operations.Sla;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Timers;

/// <summary>
/// An SLA clock fell due (LR-4). Re-checks the lead under its row lock: if the assignment that
/// started the clock is gone, or the owner did what was due in time, nothing happens (or the timer
/// moves on to the next pending clock). On a breach, in this one transaction (the timer's):
/// record the missed clock for responsiveness, plan with <see cref="SlaBreachHandler"/> (backup →
/// next best candidate → public pool), store the new assignment through LR-CORE's
/// <see cref="LeadAssignmentService"/> (history + LeadAssigned, which starts the new owner's clocks),
/// and publish <see cref="LeadSlaBreached"/> (rep + supervisor texts) and <see cref="LeadReassigned"/>
/// or <see cref="LeadPooled"/>.
/// </summary>
internal sealed class SlaTimerHandler(LeadRoutingDbContext db, LeadAssignmentService assignments, ILogger<SlaTimerHandler> logger) : IDurableTimerHandler
{
    public async Task HandleAsync(DurableTimerContext timer, CancellationToken ct)
    {
        var payload = SlaTimerPayload.FromJson(timer.Payload!);
        var leadId = Guid.Parse(timer.Key);
        var lead = await Application.History.LeadLocks.LockLeadAsync(db, leadId, ct);
        if (lead is null || lead.CurrentAssignmentId != payload.AssignmentId || lead.OwnerUserId != payload.RepUserId || !lead.IsOwned)
            return; // reassigned, pooled or converted since: this clock no longer runs

        var now = LeadHistoryWriter.TruncateToMicroseconds(timer.FiredAt);
        var progress = await SlaProgressReader.ReadAsync(db, lead, payload.RepUserId, payload.AssignedAt, ct);
        var breach = FirstBreach(payload, progress, now);
        if (breach is null)
        {
            if (NextDue(payload, progress) is { } next)
                db.ScheduleTimer(TimerKinds.Sla, timer.Key, next, timer.Payload);
            return;
        }

        db.RepSlaRecords.Add(new RepSlaRecord
        {
            Id = Guid.NewGuid(),
            RepUserId = payload.RepUserId,
            LeadId = lead.Id,
            Clock = ClockName(breach.Kind),
            DueAt = breach.DueAt,
            Met = false,
        });

        var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
        var candidates = await RosterLoader.LoadCandidatesAsync(db, policy, now, ct);
        var ownerRecord = await db.Reps.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == payload.RepUserId, ct);
        var owner = candidates.FirstOrDefault(c => c.Rep.RepId == payload.RepUserId)
            ?? new RoutingCandidate(ownerRecord is null
                ? new RepProfile(payload.RepUserId, payload.RepUserId, "", new HashSet<string>(), new HashSet<string>(), 0, IsActive: false)
                : RosterLoader.ToProfile(ownerRecord), RepWorkload.Idle);
        var revoked = await db.Set<Data.Operations.FollowUpRevocationRecord>().AsNoTracking()
            .Where(r => r.LeadId == lead.Id && r.RestoredAt == null).Select(r => r.RepUserId).ToListAsync(ct);
        var exclusions = revoked.Select(r => new CallerExclusion(r, CallerExclusionReason.FollowUpRightsRevoked)).ToList();
        var leadToRoute = new LeadToRoute(lead.Id.ToString("D"), lead.Territory, lead.ProductLine);
        var plan = SlaBreachHandler.Plan(policy, leadToRoute, breach, owner, candidates, now, exclusions);

        var decision = plan.Reassignment == ReassignmentKind.Backup
            ? BackupDecision(policy, leadToRoute, candidates.Single(c => c.Rep.RepId == plan.NewRepId), plan.Reason, now)
            : plan.Routing!;
        await assignments.ApplyAsync(lead, decision, candidates, AssignmentReasons.SlaBreach, HistoryActors.System, ct);
        // Appended after the assignment: history is always the last lock taken (LeadLocks lock order).
        LeadHistoryWriter.Append(db, lead, OperationsHistoryKinds.SlaBreached, HistoryActors.System, new Dictionary<string, string>
        {
            ["clock"] = ClockName(breach.Kind),
            ["repUserId"] = payload.RepUserId,
            ["assignedAt"] = payload.AssignedAt.ToString("O", CultureInfo.InvariantCulture),
            ["dueAt"] = breach.DueAt.ToString("O", CultureInfo.InvariantCulture),
            ["reassignment"] = ReassignmentName(plan.Reassignment),
            ["newRepUserId"] = plan.NewRepId ?? "",
            ["reason"] = plan.Reason.ZhCn,
        }, now);


        var repNote = plan.Notifications.First(n => n.Role == NotificationRole.Rep);
        var supervisorNote = plan.Notifications.FirstOrDefault(n => n.Role == NotificationRole.Supervisor);
        db.EnqueueEvent(new LeadSlaBreached(lead.Id, ClockName(breach.Kind), payload.RepUserId, supervisorNote?.RecipientId,
            payload.AssignedAt, breach.DueAt, ReassignmentName(plan.Reassignment), plan.NewRepId,
            repNote.Message.ZhCn, repNote.Message.En, supervisorNote?.Message.ZhCn, supervisorNote?.Message.En, now));
        if (plan.NewRepId is { } newRep)
            db.EnqueueEvent(new LeadReassigned(lead.Id, payload.RepUserId, newRep, PoolCauses.SlaBreach, plan.Reason.ZhCn, plan.Reason.En, HistoryActors.System, now));
        else
            db.EnqueueEvent(new LeadPooled(lead.Id, LeadStatusNames.NameOf(Domain.Lifecycle.LeadStatus.PublicPool), payload.RepUserId,
                PoolCauses.SlaBreach, plan.Reason.ZhCn, plan.Reason.En, now));
        logger.LogInformation("Lead {LeadId}: {Clock} SLA breached by {Rep} (due {Due:o}); {Reassignment} {NewRep}.",
            lead.Id, ClockName(breach.Kind), payload.RepUserId, breach.DueAt, plan.Reassignment, plan.NewRepId);
    }

    /// <summary>The earliest clock due by now that was not done by its due time.</summary>
    private static SlaBreach? FirstBreach(SlaTimerPayload p, SlaProgress progress, DateTimeOffset now)
    {
        if (now >= p.ViewDueAt && (progress.EffectiveViewedAt is not { } viewed || viewed > p.ViewDueAt))
            return new SlaBreach(SlaKind.View, p.ViewDueAt);
        if (now >= p.FirstCallDueAt && (progress.FirstCallAt is not { } called || called > p.FirstCallDueAt))
            return new SlaBreach(SlaKind.FirstCall, p.FirstCallDueAt);
        return null;
    }

    private static DateTimeOffset? NextDue(SlaTimerPayload p, SlaProgress progress)
    {
        if (progress.EffectiveViewedAt is null)
            return p.ViewDueAt < p.FirstCallDueAt ? p.ViewDueAt : p.FirstCallDueAt;
        return progress.FirstCallAt is null ? p.FirstCallDueAt : null;
    }

    /// <summary>The backup as a stored routing decision: their evaluation plus the plan's reason as the summary.</summary>
    private static RoutingDecision BackupDecision(RoutingPolicy policy, LeadToRoute lead, RoutingCandidate backup, LocalizedText reason, DateTimeOffset now) =>
        new(lead.LeadId, RoutingOutcome.Assigned, backup.Rep.RepId, policy.PolicyId, policy.Version, now,
            [LeadRouter.Evaluate(policy, lead, backup, [], now) with { Rank = 1 }], reason);

    internal static string ClockName(SlaKind kind) => kind == SlaKind.View ? "view" : "first-call";

    private static string ReassignmentName(ReassignmentKind kind) => kind switch
    {
        ReassignmentKind.Backup => "backup",
        ReassignmentKind.NextBestCandidate => "next-best-candidate",
        _ => "public-pool",
    };
}
