using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Pools;
using SalesMesh.LeadRouting.Domain.Routing;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class PublicPoolRecyclingTests
{
    private static readonly PublicPoolPolicy Pool = PublicPoolPolicy.Default; // 48 h

    [Fact]
    public void Lead_not_contacted_within_48_hours_of_its_first_assignment_is_recycled()
    {
        var lead = new LeadPoolFacts("lead-1", LeadStatus.Viewed, "A", FirstAssignedAt: Sh(2026, 11, 18, 10), FirstContactAt: null);

        Assert.Null(PublicPoolRecycling.Evaluate(Pool, lead, Sh(2026, 11, 20, 9, 59)));
        var decision = PublicPoolRecycling.Evaluate(Pool, lead, Sh(2026, 11, 20, 10))!;
        Assert.Equal(PoolEntryReason.NotContactedInTime, decision.Reason);
        Assert.Contains("48 小时内未联系", decision.Message.ZhCn);
    }

    [Fact]
    public void Contacted_leads_stay_and_abandoned_leads_are_recycled()
    {
        var contacted = new LeadPoolFacts("lead-1", LeadStatus.Contacted, "A", Sh(2026, 11, 1, 10), Sh(2026, 11, 1, 11));
        var abandoned = new LeadPoolFacts("lead-2", LeadStatus.Abandoned, "A", Sh(2026, 11, 19, 10), null);

        Assert.Null(PublicPoolRecycling.Evaluate(Pool, contacted, Sh(2026, 11, 20, 10)));
        Assert.Equal(PoolEntryReason.Abandoned, PublicPoolRecycling.Evaluate(Pool, abandoned, Sh(2026, 11, 20, 10))!.Reason);
    }
}

public class ClaimRulesTests
{
    private static readonly DateTimeOffset Now = Sh(2026, 11, 20, 15);
    private static readonly RoutingPolicy Policy = RoutingPolicy.Default() with
    {
        PublicPool = PublicPoolPolicy.Default with { MaxClaimsPerDay = 3, MaxOpenLeadsPerRep = 20, PreviousOwnerCooldown = TimeSpan.FromDays(7) },
        ProductLineQualifications = new Dictionary<string, string> { ["骨科器械"] = "ortho" },
    };
    private static readonly RepProfile Claimant = Rep("A", qualifications: ["ortho"]);
    private static readonly ClaimableLead PoolLead = new("lead-1", LeadStatus.PublicPool, "骨科器械", []);
    private static readonly ClaimantActivity Fresh = new([], 0, false);

    [Fact]
    public void A_rep_within_limits_can_claim_and_the_lead_becomes_assigned() =>
        Assert.Equal(LeadStatus.Assigned, ClaimRules.CanClaim(Policy, Claimant, PoolLead, Fresh, Now).Value);

    [Fact]
    public void The_daily_limit_counts_claims_of_the_shanghai_calendar_day()
    {
        // 00:30 Shanghai on the 20th is still the 19th in UTC; 23:30 on the 19th is yesterday.
        var activity = Fresh with { RecentClaims = [Sh(2026, 11, 20, 0, 30), Sh(2026, 11, 20, 9), Sh(2026, 11, 20, 14), Sh(2026, 11, 19, 23, 30)] };

        var error = ClaimRules.CanClaim(Policy, Claimant, PoolLead, activity, Now).Error!;

        Assert.Equal("DAILY_LIMIT_REACHED", Assert.Single(error.Violations).Code);
        Assert.Contains("今日已认领 3 条，已达每日上限 3 条", error.Message.ZhCn);

        var yesterdayHeavy = Fresh with { RecentClaims = [Sh(2026, 11, 19, 9), Sh(2026, 11, 19, 10), Sh(2026, 11, 19, 23, 59), Sh(2026, 11, 20, 9)] };
        Assert.True(ClaimRules.CanClaim(Policy, Claimant, PoolLead, yesterdayHeavy, Now).IsSuccess);
    }

    [Fact]
    public void The_open_lead_limit_is_enforced() =>
        Assert.Equal("OPEN_LEAD_LIMIT_REACHED",
            Assert.Single(ClaimRules.CanClaim(Policy, Claimant, PoolLead, Fresh with { OpenLeadCount = 20 }, Now).Error!.Violations).Code);

    [Fact]
    public void A_previous_owner_waits_out_the_cooldown_but_others_do_not()
    {
        var lead = PoolLead with { PreviousOwners = [new PreviousOwnership("A", Sh(2026, 11, 15, 9))] };

        var refused = ClaimRules.CanClaim(Policy, Claimant, lead, Fresh, Now).Error!;
        Assert.Equal("COOLDOWN_ACTIVE", Assert.Single(refused.Violations).Code);
        Assert.Contains("2026-11-22 09:00 后可认领", refused.Message.ZhCn);

        Assert.True(ClaimRules.CanClaim(Policy, Claimant, lead, Fresh, Sh(2026, 11, 22, 9)).IsSuccess);
        Assert.True(ClaimRules.CanClaim(Policy, Rep("B", qualifications: ["ortho"]), lead, Fresh, Now).IsSuccess);
    }

    [Fact]
    public void All_reasons_are_reported_together_and_hard_filters_still_apply()
    {
        var unqualified = Rep("C", qualifications: []);
        var activity = new ClaimantActivity([Now.AddHours(-1), Now.AddHours(-2), Now.AddHours(-3)], 25, FollowUpRightsRevokedForCustomer: true);

        var error = ClaimRules.CanClaim(Policy, unqualified, PoolLead with { Status = LeadStatus.Assigned }, activity, Now).Error!;

        Assert.Equal(["NOT_IN_PUBLIC_POOL", "DAILY_LIMIT_REACHED", "OPEN_LEAD_LIMIT_REACHED", "FOLLOW_UP_RIGHTS_REVOKED", "MISSING_QUALIFICATION"],
            error.Violations.Select(v => v.Code));
        Assert.Contains("线索当前状态为“已分配”，不在公海", error.Message.ZhCn);
    }
}

public class OwnershipArbiterTests
{
    private static readonly PublicPoolPolicy Pool = PublicPoolPolicy.Default;

    private static ContactEvidence Call(string id, string rep, DateTimeOffset at, int seconds, bool system = true, DateTimeOffset? recorded = null) =>
        new(id, rep, ContactChannel.Call, at, recorded ?? at.AddMinutes(1), TimeSpan.FromSeconds(seconds), system, false);

    [Fact]
    public void The_first_valid_contact_wins_regardless_of_who_claims_loudest()
    {
        var evidence = new[]
        {
            Call("e-2", "B", Sh(2026, 11, 20, 10, 5), 300),
            Call("e-1", "A", Sh(2026, 11, 20, 10, 0), 120),
            Call("e-3", "B", Sh(2026, 11, 20, 11, 0), 600),
        };

        var verdict = OwnershipArbiter.Decide(Pool, evidence);

        Assert.Equal("A", verdict.OwnerRepId);
        Assert.Equal("e-1", verdict.DecidingEvidenceId);
        Assert.Contains("最早的有效联系（电话，2026-11-20 10:00:00，凭证 e-1）", verdict.Explanation.ZhCn);
    }

    [Fact]
    public void Unprovable_short_or_backdated_contacts_do_not_count()
    {
        var evidence = new[]
        {
            Call("typed", "A", Sh(2026, 11, 20, 9, 0), 120, system: false),
            Call("hangup", "A", Sh(2026, 11, 20, 9, 10), 8),
            Call("backdated", "A", Sh(2026, 11, 18, 9, 0), 120, recorded: Sh(2026, 11, 20, 12)),
            new ContactEvidence("visit", "B", ContactChannel.Visit, Sh(2026, 11, 20, 9, 30), Sh(2026, 11, 20, 9, 40), null, false, HasAttachment: true),
        };

        var verdict = OwnershipArbiter.Decide(Pool, evidence);

        Assert.Equal("B", verdict.OwnerRepId);
        var reasons = verdict.Assessments.Where(a => !a.IsValid).ToDictionary(a => a.Evidence.EvidenceId, a => a.Reason.ZhCn);
        Assert.Equal("补录超过 24 小时", reasons["backdated"]);
        Assert.Equal("无系统记录也无附件，无法证明", reasons["typed"]);
        Assert.Equal("通话时长不足 30 秒", reasons["hangup"]);
    }

    [Fact]
    public void No_valid_evidence_leaves_the_dispute_to_a_supervisor()
    {
        var verdict = OwnershipArbiter.Decide(Pool, [Call("e", "A", Sh(2026, 11, 20, 9), 5)]);

        Assert.False(verdict.IsDecided);
        Assert.Contains("请主管裁定", verdict.Explanation.ZhCn);
    }

    [Fact]
    public void Same_contact_second_goes_to_the_earlier_record()
    {
        var at = Sh(2026, 11, 20, 9);
        var verdict = OwnershipArbiter.Decide(Pool, [Call("b", "B", at, 60, recorded: at.AddSeconds(90)), Call("a", "A", at, 60, recorded: at.AddSeconds(70))]);

        Assert.Equal("A", verdict.OwnerRepId);
    }
}
