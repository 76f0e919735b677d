using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Lifecycle;

/// <summary>
/// Allowed lead state transitions. Every refusal names the current state and what is allowed from it.
/// Converted is final except for a supervisor override (LR-9), which may move a lead to any other
/// state but only with a reason.
/// </summary>
public static class LeadStateMachine
{
    private static readonly LeadStatus[] Owned = [LeadStatus.Assigned, LeadStatus.Viewed, LeadStatus.Contacted];

    private static readonly Dictionary<LeadTrigger, (LeadStatus[] From, LeadStatus To)> Transitions = new()
    {
        [LeadTrigger.Assign] = ([LeadStatus.Unassigned], LeadStatus.Assigned),
        [LeadTrigger.SendToPublicPool] = ([LeadStatus.Unassigned], LeadStatus.PublicPool),
        [LeadTrigger.Reassign] = (Owned, LeadStatus.Assigned),
        [LeadTrigger.MarkViewed] = ([LeadStatus.Assigned], LeadStatus.Viewed),
        [LeadTrigger.RecordContact] = (Owned, LeadStatus.Contacted),
        [LeadTrigger.Convert] = ([LeadStatus.Contacted], LeadStatus.Converted),
        [LeadTrigger.Abandon] = (Owned, LeadStatus.Abandoned),
        [LeadTrigger.Release] = (Owned, LeadStatus.PublicPool),
        [LeadTrigger.Recycle] = ([LeadStatus.Assigned, LeadStatus.Viewed, LeadStatus.Abandoned], LeadStatus.PublicPool),
        [LeadTrigger.Claim] = ([LeadStatus.PublicPool], LeadStatus.Assigned),
        [LeadTrigger.MoveToCleaningPool] = ([.. Owned, LeadStatus.PublicPool], LeadStatus.CleaningPool),
        [LeadTrigger.RestoreFromCleaningPool] = ([LeadStatus.CleaningPool], LeadStatus.Assigned),
        [LeadTrigger.ReleaseFromCleaningPool] = ([LeadStatus.CleaningPool], LeadStatus.PublicPool),
    };

    public static bool CanApply(LeadStatus current, LeadTrigger trigger) =>
        Transitions.TryGetValue(trigger, out var t) && t.From.Contains(current);

    public static IReadOnlyList<LeadTrigger> AllowedTriggers(LeadStatus current) =>
        Transitions.Where(p => p.Value.From.Contains(current)).Select(p => p.Key).Order().ToList();

    public static DomainResult<LeadStatus> Apply(LeadStatus current, LeadTrigger trigger)
    {
        if (CanApply(current, trigger))
            return DomainResult<LeadStatus>.Success(Transitions[trigger].To);

        var state = LeadStatusText.Of(current);
        var action = LeadStatusText.Of(trigger);
        var allowed = AllowedTriggers(current).Select(LeadStatusText.Of).ToList();
        var allowedZh = allowed.Count == 0 ? "无（需主管覆盖）" : string.Join("、", allowed.Select(a => a.ZhCn));
        var allowedEn = allowed.Count == 0 ? "none (needs a supervisor override)" : string.Join(", ", allowed.Select(a => a.En));
        return new DomainError("INVALID_TRANSITION",
            new($"线索当前状态为“{state.ZhCn}”，不能{action.ZhCn}；当前可执行：{allowedZh}",
                $"The lead is {state.En} and cannot {action.En}; allowed now: {allowedEn}"),
            [new FieldViolation("status", current.ToString(), new(state.ZhCn, state.En))]);
    }

    /// <summary>Supervisor override (LR-9): any different state, mandatory reason. The reason goes into the history.</summary>
    public static DomainResult<LeadStatus> Override(LeadStatus current, LeadStatus target, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return new DomainError("OVERRIDE_REASON_REQUIRED", new("主管覆盖必须填写原因", "A supervisor override needs a reason"),
                [new FieldViolation("reason", "REQUIRED", new("主管覆盖必须填写原因", "A supervisor override needs a reason"))]);
        if (current == target)
            return new DomainError("OVERRIDE_NO_CHANGE",
                new($"线索已经是“{LeadStatusText.Of(current).ZhCn}”状态", $"The lead is already {LeadStatusText.Of(current).En}"));
        return DomainResult<LeadStatus>.Success(target);
    }
}
