using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Domain.Pools;

/// <summary>A previous owner of a lead and when they lost it.</summary>
public sealed record PreviousOwnership(string RepId, DateTimeOffset EndedAt);

public sealed record ClaimableLead(string LeadId, LeadStatus Status, string? ProductLine, IReadOnlyList<PreviousOwnership> PreviousOwners);

/// <summary>The claimant's own activity: recent claim times and open (owned) leads.</summary>
public sealed record ClaimantActivity(IReadOnlyList<DateTimeOffset> RecentClaims, int OpenLeadCount, bool FollowUpRightsRevokedForCustomer);

/// <summary>
/// LR-7 claim limits. All violations are reported together (field "claim"), so the rep sees at once
/// that, e.g., they hit the daily limit AND are in cooldown. Claims per day count Asia/Shanghai calendar days.
/// </summary>
public static class ClaimRules
{
    public static DomainResult<LeadStatus> CanClaim(RoutingPolicy policy, RepProfile claimant, ClaimableLead lead, ClaimantActivity activity, DateTimeOffset now)
    {
        var pool = policy.PublicPool;
        var v = new List<FieldViolation>();

        if (lead.Status != LeadStatus.PublicPool)
        {
            var s = LeadStatusText.Of(lead.Status);
            v.Add(Violation("NOT_IN_PUBLIC_POOL", $"线索当前状态为“{s.ZhCn}”，不在公海，不能认领", $"The lead is {s.En}, not in the public pool, and cannot be claimed"));
        }
        if (!claimant.IsActive)
            v.Add(Violation("INACTIVE", "账号已停用，不能认领", "The account is disabled and cannot claim"));

        var today = ShanghaiTime.LocalDate(now);
        var claimsToday = activity.RecentClaims.Count(c => c <= now && ShanghaiTime.LocalDate(c) == today);
        if (claimsToday >= pool.MaxClaimsPerDay)
            v.Add(Violation("DAILY_LIMIT_REACHED", $"今日已认领 {claimsToday} 条，已达每日上限 {pool.MaxClaimsPerDay} 条",
                $"Already claimed {claimsToday} today; the daily limit is {pool.MaxClaimsPerDay}"));

        if (activity.OpenLeadCount >= pool.MaxOpenLeadsPerRep)
            v.Add(Violation("OPEN_LEAD_LIMIT_REACHED", $"在手线索 {activity.OpenLeadCount} 条，已达上限 {pool.MaxOpenLeadsPerRep} 条",
                $"{activity.OpenLeadCount} open leads; the limit is {pool.MaxOpenLeadsPerRep}"));

        var lastOwnership = lead.PreviousOwners.Where(o => o.RepId == claimant.RepId).OrderByDescending(o => o.EndedAt).FirstOrDefault();
        if (lastOwnership is not null && now < lastOwnership.EndedAt + pool.PreviousOwnerCooldown)
        {
            var until = ShanghaiTime.ToLocal(lastOwnership.EndedAt + pool.PreviousOwnerCooldown).ToString("yyyy-MM-dd HH:mm");
            v.Add(Violation("COOLDOWN_ACTIVE", $"你曾是该线索的负责人，冷却期内不能重新认领，{until} 后可认领",
                $"You owned this lead before; you can claim it again after {until} (Asia/Shanghai)"));
        }

        if (activity.FollowUpRightsRevokedForCustomer)
            v.Add(Violation("FOLLOW_UP_RIGHTS_REVOKED", "你对该客户的跟进权已被熔断收回", "Your follow-up rights for this customer were revoked"));

        if (lead.ProductLine is { } productLine && !claimant.Qualifications.Contains(policy.RequiredQualification(productLine)))
            v.Add(Violation("MISSING_QUALIFICATION", $"缺少产品线“{productLine}”所需资质",
                $"Lacks the qualification required for product line '{productLine}'"));

        if (v.Count > 0)
            return new DomainError("CLAIM_REFUSED", new(string.Join("；", v.Select(x => x.Message.ZhCn)), string.Join("; ", v.Select(x => x.Message.En))), v);
        return LeadStateMachine.Apply(lead.Status, LeadTrigger.Claim);
    }

    private static FieldViolation Violation(string code, string zh, string en) => new("claim", code, new LocalizedText(zh, en));
}
