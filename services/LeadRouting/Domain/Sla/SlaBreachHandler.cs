using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Domain.Sla;

public enum NotificationRole
{
    Rep,
    Supervisor,
}

public sealed record SlaNotification(string RecipientId, NotificationRole Role, LocalizedText Message);

public enum ReassignmentKind
{
    /// <summary>The breached rep's configured backup takes the lead.</summary>
    Backup,
    /// <summary>The backup could not take it; the router picked the next best candidate.</summary>
    NextBestCandidate,
    /// <summary>Nobody else is eligible: the lead goes to the public pool.</summary>
    PublicPool,
}

/// <summary>What to do about one SLA breach: who is warned, and where the lead goes.</summary>
public sealed record BreachPlan(
    string LeadId,
    string BreachedRepId,
    SlaBreach Breach,
    ReassignmentKind Reassignment,
    string? NewRepId,
    IReadOnlyList<SlaNotification> Notifications,
    LocalizedText Reason,
    RoutingDecision? Routing);

/// <summary>
/// LR-4 breach consequences: warn the rep and their supervisor, then reassign to the rep's backup if the
/// backup is eligible (same hard filters as routing) and on shift; otherwise route again without the
/// breached rep; if nobody is eligible, the lead goes to the public pool.
/// </summary>
public sealed class SlaBreachHandler(TimeProvider timeProvider)
{
    public BreachPlan Plan(RoutingPolicy policy, LeadToRoute lead, SlaBreach breach, RoutingCandidate owner,
        IReadOnlyList<RoutingCandidate> candidates, IReadOnlyList<CallerExclusion>? otherExclusions = null) =>
        Plan(policy, lead, breach, owner, candidates, timeProvider.GetUtcNow(), otherExclusions);

    public static BreachPlan Plan(RoutingPolicy policy, LeadToRoute lead, SlaBreach breach, RoutingCandidate owner,
        IReadOnlyList<RoutingCandidate> candidates, DateTimeOffset now, IReadOnlyList<CallerExclusion>? otherExclusions = null)
    {
        var exclusions = (otherExclusions ?? [])
            .Append(new CallerExclusion(owner.Rep.RepId, CallerExclusionReason.SlaBreachedOnThisLead))
            .ToList();
        var others = candidates.Where(c => c.Rep.RepId != owner.Rep.RepId).ToList();

        var backup = owner.Rep.BackupRepId is { } backupId ? others.FirstOrDefault(c => c.Rep.RepId == backupId) : null;
        LocalizedText? backupRefusal = null;
        if (backup is not null)
        {
            var evaluation = LeadRouter.Evaluate(policy, lead, backup, exclusions, now);
            if (evaluation.IsEligible && evaluation.OnShift)
            {
                var reason = new LocalizedText($"改派给备份人 {backup.Rep.DisplayName}", $"reassigned to the backup {backup.Rep.DisplayName}");
                return Build(lead, breach, owner, ReassignmentKind.Backup, backup.Rep, reason, null);
            }
            backupRefusal = evaluation.IsEligible
                ? new("备份人当前不在班", "the backup is off shift")
                : new(string.Join("；", evaluation.Exclusions.Select(x => x.Message.ZhCn)), string.Join("; ", evaluation.Exclusions.Select(x => x.Message.En)));
        }

        var prefix = owner.Rep.BackupRepId is null
            ? new LocalizedText("未设置备份人", "no backup is configured")
            : backup is null
                ? new LocalizedText("备份人不在候选名单中", "the backup is not among the candidates")
                : new LocalizedText($"备份人 {backup.Rep.DisplayName} 无法接手（{backupRefusal!.ZhCn}）", $"the backup {backup.Rep.DisplayName} cannot take it ({backupRefusal!.En})");

        var routing = LeadRouter.Route(policy, new RoutingRequest(lead, others, exclusions), now);
        if (routing.Outcome == RoutingOutcome.ToPublicPool)
            return Build(lead, breach, owner, ReassignmentKind.PublicPool, null,
                new($"{prefix.ZhCn}，且没有其他符合条件的销售，线索进入公海", $"{prefix.En}, and no other rep is eligible; the lead goes to the public pool"), routing);

        var next = others.First(c => c.Rep.RepId == routing.AssignedRepId).Rep;
        return Build(lead, breach, owner, ReassignmentKind.NextBestCandidate, next,
            new($"{prefix.ZhCn}，改派给次优人选 {next.DisplayName}", $"{prefix.En}; reassigned to the next best candidate {next.DisplayName}"), routing);
    }

    private static BreachPlan Build(LeadToRoute lead, SlaBreach breach, RoutingCandidate owner, ReassignmentKind kind,
        RepProfile? newRep, LocalizedText reason, RoutingDecision? routing)
    {
        var what = breach.Describe();
        var notifications = new List<SlaNotification>
        {
            new(owner.Rep.RepId, NotificationRole.Rep,
                new($"线索 {lead.LeadId} 超时：你{what.ZhCn}，{reason.ZhCn}", $"Lead {lead.LeadId} SLA breached: you {what.En}; {reason.En}")),
        };
        if (owner.Rep.SupervisorId is { } supervisor)
            notifications.Add(new(supervisor, NotificationRole.Supervisor,
                new($"{owner.Rep.DisplayName} 的线索 {lead.LeadId} 超时：{what.ZhCn}，{reason.ZhCn}",
                    $"{owner.Rep.DisplayName}'s lead {lead.LeadId} SLA breached: {what.En}; {reason.En}")));
        return new BreachPlan(lead.LeadId, owner.Rep.RepId, breach, kind, newRep?.RepId, notifications, reason, routing);
    }
}
