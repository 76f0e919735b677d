using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Grpc;
using SalesMesh.LeadRouting.Operations.Grpc;
using SalesMesh.LeadRouting.Operations.Pools;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Operations.Overrides;

public enum OverrideKind
{
    Assign,
    PublicPool,
    CleaningPool,
}

public sealed record OverrideOutcome(Guid LeadId, LeadStatus Status, string? Owner, string? PreviousOwner, Guid HistoryEntryId);

/// <summary>
/// LR-9: a supervisor (or admin) overrides an automatic decision — gives the lead to a named active
/// rep, or moves it to the public or cleaning pool — with a mandatory reason. A supervisor may
/// override the leads they may see (<see cref="LeadAccess.CanSee"/>: their team's and unowned ones),
/// an admin any lead. The change goes
/// through the same paths as automatic ones (assignment service / pool mover), then an
/// <c>assignment-overridden</c> history entry names the supervisor and the reason.
/// </summary>
public sealed class OverrideService(LeadRoutingDbContext db, LeadAssignmentService assignments, TimeProvider time)
{
    public const int MinReasonLength = 2;
    public const int MaxReasonLength = 500;

    public Task<OverrideOutcome> OverrideAsync(Caller caller, Guid leadId, OverrideKind? kind, string? newOwner, string? reason,
        OperationErrors errors, CancellationToken cancellationToken)
    {
        if (!caller.IsSupervisor)
            throw errors.PermissionDenied("只有主管或管理员可以覆盖分配", "Only supervisors and admins can override assignments");
        var violations = new List<(string, LocalizedText)>();
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length < MinReasonLength)
            violations.Add(("reason", new("请填写覆盖原因（至少 2 个字）", "A reason of at least 2 characters is required")));
        else if (trimmed.Length > MaxReasonLength)
            violations.Add(("reason", new($"覆盖原因最多 {MaxReasonLength} 个字", $"The reason is at most {MaxReasonLength} characters")));
        if (kind is null)
            violations.Add(("target", new("请选择覆盖目标：分配给销售、公海或待清洗池", "Choose a target: assign to a rep, public pool or cleaning pool")));
        if (kind == OverrideKind.Assign && string.IsNullOrWhiteSpace(newOwner))
            violations.Add(("newOwner", new("分配给销售时必须指定销售", "Assigning needs the new owner")));
        if (violations.Count > 0)
            throw errors.InvalidArgument("覆盖请求无效", "The override request is invalid", [.. violations]);

        return db.InTransactionAsync(async (db, ct) =>
        {
            // A supervisor overrides what they may see: their team's leads (roster team, or reps they supervise) and
            // leads nobody owns; an admin any lead. For anyone else the lead does not exist (same answer as an unknown id).
            var lead = await LeadLocks.LockLeadAsync(db, leadId, ct);
            if (lead is null || !await LeadAccess.CanSeeAsync(db, caller, lead, ct))
                throw errors.NotFound("lead", leadId.ToString("D"));
            var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
            var previousOwner = lead.OwnerUserId;
            var previousStatus = lead.Status;
            if (lead.Status == LeadStatus.Converted)
                throw errors.FailedPrecondition("LEAD_CONVERTED", "线索已转化，不能再覆盖分配", "The lead is converted; its assignment can no longer be overridden");
            var overrideText = new LocalizedText($"主管覆盖：{trimmed}", $"Supervisor override: {trimmed}");

            if (kind == OverrideKind.Assign)
            {
                if (lead.IsOwned && lead.OwnerUserId == newOwner)
                    throw errors.FailedPrecondition("OVERRIDE_NO_CHANGE", "线索已经属于该销售", "The lead already belongs to that rep");
                var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
                var candidates = await RosterLoader.LoadCandidatesAsync(db, policy, now, ct);
                var rep = candidates.FirstOrDefault(c => c.Rep.RepId == newOwner)
                    ?? throw errors.InvalidArgument("覆盖请求无效", "The override request is invalid",
                        ("newOwner", new LocalizedText("销售不在名册中或已停用", "The rep is not on the roster or is inactive")));
                var leadToRoute = new LeadToRoute(leadId.ToString("D"), lead.Territory, lead.ProductLine);
                var decision = new RoutingDecision(leadToRoute.LeadId, RoutingOutcome.Assigned, rep.Rep.RepId, policy.PolicyId, policy.Version, now,
                    [LeadRouter.Evaluate(policy, leadToRoute, rep, [], now) with { Rank = 1 }], overrideText);
                // The assignment service refuses abandoned leads for automatic routing; an override may
                // revive one (LR-9: any state but converted), so it starts from "unassigned" here.
                if (lead.Status == LeadStatus.Abandoned)
                    lead.Status = LeadStatus.Unassigned;
                await assignments.ApplyAsync(lead, decision, candidates, AssignmentReasons.Override, caller.UserId, ct);
                if (previousOwner is not null && previousOwner != rep.Rep.RepId)
                    db.EnqueueEvent(new LeadReassigned(leadId, previousOwner, rep.Rep.RepId, PoolCauses.Override, overrideText.ZhCn, overrideText.En, caller.UserId, now));
            }
            else
            {
                var pool = kind == OverrideKind.PublicPool ? LeadStatus.PublicPool : LeadStatus.CleaningPool;
                var allowed = LeadStateMachine.Override(lead.Status, pool, trimmed);
                if (!allowed.IsSuccess)
                    throw errors.FailedPrecondition(allowed.Error!);
                await PoolMover.MoveAsync(db, lead, pool, PoolCauses.Override, overrideText, caller.UserId, now, null, ct);
            }

            var target = kind switch { OverrideKind.Assign => "assign", OverrideKind.PublicPool => "public-pool", _ => "cleaning-pool" };
            var entry = LeadHistoryWriter.Append(db, lead, OperationsHistoryKinds.AssignmentOverridden, caller.UserId, new Dictionary<string, string>
            {
                ["supervisorUserId"] = caller.UserId,
                ["supervisorName"] = caller.DisplayName,
                ["target"] = target,
                ["previousOwnerUserId"] = previousOwner ?? "",
                ["previousStatus"] = LeadStatusNames.NameOf(previousStatus),
                ["newOwnerUserId"] = lead.OwnerUserId ?? "",
                ["newStatus"] = LeadStatusNames.NameOf(lead.Status),
                ["reason"] = trimmed,
            }, now);
            db.EnqueueEvent(new AssignmentOverridden(leadId, caller.UserId, target, previousOwner, lead.OwnerUserId,
                LeadStatusNames.NameOf(previousStatus), LeadStatusNames.NameOf(lead.Status), trimmed, now));
            return new OverrideOutcome(leadId, lead.Status, lead.OwnerUserId, previousOwner, entry.EntryId);
        }, cancellationToken);
    }
}
