using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class LeadRouterTests
{
    private static readonly DateTimeOffset Now = FridayMorning;
    private static readonly RoutingPolicy Policy = RoutingPolicy.Default() with
    {
        ProductLineQualifications = new Dictionary<string, string> { ["骨科器械"] = "ortho" },
    };

    private static RoutingDecision Route(LeadToRoute lead, IReadOnlyList<CallerExclusion>? exclusions = null, RoutingPolicy? policy = null, params RoutingCandidate[] candidates) =>
        LeadRouter.Route(policy ?? Policy, new RoutingRequest(lead, candidates, exclusions), Now);

    private static LeadToRoute Lead(string territory = "杭州", string? productLine = null) => new("lead-1", territory, productLine);

    [Fact]
    public void Orthopedic_lead_skips_reps_without_the_qualification_even_if_they_score_higher()
    {
        var a = Candidate(Rep("A", qualifications: []), Busy(Now, openLeads: 0));
        var b = Candidate(Rep("B", qualifications: ["ortho"]), Busy(Now, openLeads: 90));

        var decision = Route(Lead(productLine: "骨科器械"), null, null, a, b);

        Assert.Equal("B", decision.AssignedRepId);
        var why = decision.Explain("A");
        Assert.Contains("缺少产品线“骨科器械”所需资质", why.ZhCn);
        Assert.Contains("Lacks the qualification 'ortho'", why.En);
    }

    [Fact]
    public void Hangzhou_lead_goes_to_the_hangzhou_team_first_even_against_a_better_scored_outsider()
    {
        var shanghai = Candidate(Rep("SH", territory: "上海"), Busy(Now, openLeads: 0) with { Sla = new SlaTally(Due: 20, Met: 20) });
        var hangzhou = Candidate(Rep("HZ", territory: "杭州"), Busy(Now, openLeads: 80) with { Sla = new SlaTally(Due: 1, Met: 0) });

        var decision = Route(Lead("杭州"), null, null, shanghai, hangzhou);

        Assert.Equal("HZ", decision.AssignedRepId);
        Assert.True(decision.Candidate("SH")!.Score > decision.Candidate("HZ")!.Score);
        var why = decision.Explain("SH");
        Assert.Contains("同地域", why.ZhCn);
        Assert.Contains("own (or neighbouring) territory", why.En);
    }

    [Fact]
    public void Without_territory_first_the_territory_is_only_a_weighted_factor()
    {
        var policy = Policy with { Territory = Policy.Territory with { SameTerritoryFirst = false } };
        var shanghai = Candidate(Rep("SH", territory: "上海"), Busy(Now, openLeads: 0) with { Sla = new SlaTally(Due: 20, Met: 20) });
        var hangzhou = Candidate(Rep("HZ", territory: "杭州"), Busy(Now, openLeads: 95) with { Sla = new SlaTally(Due: 20, Met: 0) });

        var decision = Route(Lead("杭州"), null, policy, shanghai, hangzhou);

        Assert.Equal("SH", decision.AssignedRepId);
        Assert.Contains("高于", decision.Explain("HZ").ZhCn);
    }

    [Fact]
    public void Neighbouring_territory_is_preferred_over_a_far_one_when_nobody_local_is_eligible()
    {
        var policy = Policy with
        {
            Territory = new TerritoryRule(true, new Dictionary<string, IReadOnlyList<string>> { ["杭州"] = ["宁波"] }),
        };
        var far = Candidate(Rep("BJ", territory: "北京"), Busy(Now, openLeads: 0));
        var near = Candidate(Rep("NB", territory: "宁波"), Busy(Now, openLeads: 50));

        var decision = Route(Lead("杭州"), null, policy, far, near);

        Assert.Equal("NB", decision.AssignedRepId);
        Assert.Equal(TerritoryMatch.NeighboringTerritory, decision.Candidate("NB")!.TerritoryMatch);
        Assert.Equal(0.5m, decision.Candidate("NB")!.Factor(RoutingFactor.Territory).Score);
    }

    [Fact]
    public void A_lead_without_territory_prefers_nobody_by_territory()
    {
        var hz = Candidate(Rep("HZ", territory: "杭州"), Busy(Now, openLeads: 60));
        var sh = Candidate(Rep("SH", territory: "上海"), Busy(Now, openLeads: 10));

        var decision = LeadRouter.Route(Policy, new RoutingRequest(new LeadToRoute("lead-1", null, null), [hz, sh]), Now);

        Assert.Equal("SH", decision.AssignedRepId);
        Assert.All(decision.Candidates, c => Assert.Equal(TerritoryMatch.NotApplicable, c.TerritoryMatch));
        Assert.Equal("线索无地域信息", decision.Candidate("HZ")!.Factor(RoutingFactor.Territory).Detail.ZhCn);
    }

    [Fact]
    public void Rep_at_capacity_is_excluded_with_the_numbers()
    {
        var full = Candidate(Rep("A", capacity: 10), Busy(Now, openLeads: 10));
        var free = Candidate(Rep("B", capacity: 10, territory: "上海"), Busy(Now, openLeads: 9));

        var decision = Route(Lead(), null, null, full, free);

        Assert.Equal("B", decision.AssignedRepId);
        var a = decision.Candidate("A")!;
        Assert.Equal(ExclusionCode.AtCapacity, Assert.Single(a.Exclusions).Code);
        Assert.Contains("已满负荷（在手 10/10）", decision.Explain("A").ZhCn);
    }

    [Fact]
    public void On_shift_rep_beats_off_shift_rep()
    {
        var weekend = WeeklySchedule.AllDays(("00:00", "24:00")) with { Windows = [WorkingWindow.Of(DayOfWeek.Saturday, "09:00", "18:00")] };
        var offShift = Candidate(Rep("A", shift: weekend), Busy(Now, openLeads: 0));
        var onShift = Candidate(Rep("B", shift: WeeklySchedule.OfficeHours, territory: "上海"), Busy(Now, openLeads: 50));

        var decision = Route(Lead(), null, null, offShift, onShift);

        Assert.Equal("B", decision.AssignedRepId);
        Assert.Contains("A 当前不在班，B 在班", decision.Explain("A").ZhCn);
    }

    [Fact]
    public void At_night_the_best_off_shift_rep_gets_the_lead_when_the_policy_allows_it()
    {
        var night = Sh(2026, 11, 20, 23);
        var a = Candidate(Rep("A", shift: WeeklySchedule.OfficeHours), Busy(night, openLeads: 10));
        var b = Candidate(Rep("B", shift: WeeklySchedule.OfficeHours), Busy(night, openLeads: 60));

        var decision = LeadRouter.Route(Policy, new RoutingRequest(Lead(), [a, b]), night);

        Assert.Equal("A", decision.AssignedRepId);
        Assert.False(decision.Candidate("A")!.OnShift);
        Assert.Contains("无人在班", decision.Summary.ZhCn);
    }

    [Fact]
    public void At_night_with_strict_shifts_the_lead_goes_to_the_public_pool_saying_nobody_is_on_shift()
    {
        var night = Sh(2026, 11, 20, 23);
        var policy = Policy with { Shift = new ShiftRule(AssignOffShiftWhenNobodyOnShift: false) };
        var a = Candidate(Rep("A", shift: WeeklySchedule.OfficeHours), Busy(night));

        var decision = LeadRouter.Route(policy, new RoutingRequest(Lead(), [a]), night);

        Assert.Equal(RoutingOutcome.ToPublicPool, decision.Outcome);
        Assert.Contains("当前不在班", decision.Summary.ZhCn);
        Assert.Contains("Off shift", decision.Summary.En);
    }

    [Fact]
    public void Fewer_than_two_follow_ups_in_30_days_cuts_the_score_by_20_percent()
    {
        var oneFollowUp = new RepWorkload(0, null, FollowUpsInWindow: 1, SlaTally.None);
        var twoFollowUps = new RepWorkload(0, null, FollowUpsInWindow: 2, SlaTally.None);
        var a = Candidate(Rep("A"), oneFollowUp);
        var b = Candidate(Rep("B"), twoFollowUps);

        var decision = Route(Lead(), null, null, a, b);

        Assert.Equal("B", decision.AssignedRepId);
        var ea = decision.Candidate("A")!;
        var eb = decision.Candidate("B")!;
        Assert.Equal(1, ea.FollowUpsInWindow);
        Assert.Equal(0.8m, ea.FollowUpMultiplier);
        Assert.Equal(1m, eb.FollowUpMultiplier);
        Assert.Equal(Math.Round(eb.Score * 0.8m, 4), ea.Score);
        Assert.Contains("跟进系数 ×1 （近期跟进 2 次） 对 ×0.8（近期跟进 1 次）".Replace(" （", "（"), decision.Explain("A").ZhCn);
        Assert.Contains("follow-up multiplier ×1 (2 recent follow-ups) vs ×0.8 (1 recent follow-ups)", decision.Explain("A").En);
    }

    [Fact]
    public void Responsiveness_from_the_recent_sla_record_decides_between_otherwise_equal_reps()
    {
        var punctual = Candidate(Rep("A"), Busy(Now) with { Sla = new SlaTally(Due: 2, Met: 2) });
        var late = Candidate(Rep("B"), Busy(Now) with { Sla = new SlaTally(Due: 2, Met: 1) });

        var decision = Route(Lead(), null, null, punctual, late);

        Assert.Equal("A", decision.AssignedRepId);
        Assert.Equal(0.75m, decision.Candidate("A")!.Factor(RoutingFactor.Responsiveness).Score); // (2+1)/(2+2)
        Assert.Equal(0.5m, decision.Candidate("B")!.Factor(RoutingFactor.Responsiveness).Score);
        var why = decision.Explain("B");
        Assert.Contains("响应 0.75（近 30 天 SLA 按时 2/2） 对 0.5（近 30 天 SLA 按时 1/2）", why.ZhCn);
        Assert.Contains("responsiveness 0.75 (SLA met 2 of 2 in the last 30 days)", why.En);
    }

    [Fact]
    public void Lower_load_wins_and_the_explanation_names_the_open_lead_counts()
    {
        var a = Candidate(Rep("A", capacity: 20), Busy(Now, openLeads: 15));
        var b = Candidate(Rep("B", capacity: 20), Busy(Now, openLeads: 5));

        var decision = Route(Lead(), null, null, a, b);

        Assert.Equal("B", decision.AssignedRepId);
        Assert.Contains("负荷 0.75（在手线索 5/20） 对 0.25（在手线索 15/20）", decision.Explain("A").ZhCn);
        Assert.Contains("分配给 B", decision.Summary.ZhCn);
        Assert.Contains("Assigned to B", decision.Summary.En);
    }

    [Fact]
    public void Nobody_qualified_sends_the_lead_to_the_public_pool_with_reasons_instead_of_throwing()
    {
        var a = Candidate(Rep("A", qualifications: []), Busy(Now));
        var b = Candidate(Rep("B", qualifications: []), Busy(Now));
        var c = Candidate(Rep("C", qualifications: ["ortho"], capacity: 5), Busy(Now, openLeads: 5));
        var d = Candidate(Rep("D", qualifications: ["ortho"], active: false), Busy(Now));

        var decision = Route(Lead(productLine: "骨科器械"), null, null, a, b, c, d);

        Assert.Equal(RoutingOutcome.ToPublicPool, decision.Outcome);
        Assert.Null(decision.AssignedRepId);
        Assert.All(decision.Candidates, c => Assert.False(c.IsEligible));
        Assert.Contains("线索进入公海", decision.Summary.ZhCn);
        Assert.Contains("2 人缺少产品线“骨科器械”所需资质“ortho”（A、B）", decision.Summary.ZhCn);
        Assert.Contains("已满负荷", decision.Summary.ZhCn);
        Assert.Contains("不在职", decision.Summary.ZhCn);
        Assert.Contains("public pool", decision.Summary.En);
    }

    [Fact]
    public void Empty_roster_goes_to_the_public_pool()
    {
        var decision = Route(Lead());

        Assert.Equal(RoutingOutcome.ToPublicPool, decision.Outcome);
        Assert.Contains("没有可分配的销售", decision.Summary.ZhCn);
    }

    [Fact]
    public void Reps_excluded_by_the_caller_do_not_get_the_lead_back()
    {
        var a = Candidate(Rep("A"), Busy(Now, openLeads: 0));
        var b = Candidate(Rep("B"), Busy(Now, openLeads: 50));

        var decision = Route(Lead(), [new CallerExclusion("A", CallerExclusionReason.SlaBreachedOnThisLead)], null, a, b);

        Assert.Equal("B", decision.AssignedRepId);
        Assert.Contains("SLA 违约", decision.Explain("A").ZhCn);
    }

    [Fact]
    public void Unknown_rep_gets_a_clear_answer() =>
        Assert.Contains("未参与本次分配", Route(Lead(), null, null, Candidate(Rep("A"), Busy(Now))).Explain("Z").ZhCn);

    [Fact]
    public void Equal_reps_go_to_whoever_waited_longest_and_the_reason_says_so()
    {
        var recent = Candidate(Rep("A"), Busy(Now, lastAssigned: Now.AddMinutes(-5)));
        var waited = Candidate(Rep("B"), Busy(Now, lastAssigned: Now.AddHours(-3)));

        var decision = Route(Lead(), null, null, recent, waited);

        Assert.Equal("B", decision.AssignedRepId);
        var why = decision.Explain("A");
        Assert.Contains("得分相同", why.ZhCn);
        Assert.Contains("最久未分配", why.ZhCn);
        Assert.Contains("2026-11-20 07:00", why.ZhCn); // B's last assignment, shown in Shanghai time
    }

    [Fact]
    public void The_same_state_always_gives_the_same_decision()
    {
        RoutingCandidate[] reps = [.. Enumerable.Range(1, 6).Select(i => Candidate(Rep($"R{i}"), Busy(Now)))];
        var request = new RoutingRequest(Lead(), reps);

        var first = LeadRouter.Route(Policy, request, Now);
        var again = LeadRouter.Route(Policy, request with { Candidates = [.. reps.Reverse()] }, Now);

        Assert.Equal(first.AssignedRepId, again.AssignedRepId);
        Assert.Equal(first.Candidates.Select(c => (c.RepId, c.Rank, c.Score)), again.Candidates.Select(c => (c.RepId, c.Rank, c.Score)));
        Assert.Contains("固定哈希", first.Explain(first.Candidates[1].RepId).ZhCn);
    }

    [Fact]
    public void A_thousand_equal_leads_over_four_equal_reps_are_shared_within_5_percent()
    {
        var time = new ManualTimeProvider(Now);
        var router = new LeadRouter(time);
        var state = Enumerable.Range(1, 4).ToDictionary(i => $"R{i}", _ => Busy(Now));
        var counts = state.Keys.ToDictionary(k => k, _ => 0);

        for (var i = 0; i < 1000; i++)
        {
            var candidates = state.Select(s => Candidate(Rep(s.Key), s.Value with { FollowUpsInWindow = 2 })).ToList();
            var decision = router.Route(Policy, new RoutingRequest(new LeadToRoute($"lead-{i}", "杭州", null), candidates));
            var winner = decision.AssignedRepId!;
            counts[winner]++;
            state[winner] = state[winner] with { LastAssignedAt = decision.DecidedAt };
            time.Advance(TimeSpan.FromSeconds(7));
        }

        Assert.All(counts.Values, n => Assert.InRange(n, 238, 262));
    }

    [Fact]
    public void Fairness_holds_when_loads_change_as_leads_are_assigned_and_closed()
    {
        var time = new ManualTimeProvider(Now);
        var open = Enumerable.Range(1, 4).ToDictionary(i => $"R{i}", _ => 0);
        var last = open.Keys.ToDictionary(k => k, _ => (DateTimeOffset?)null);
        var counts = open.Keys.ToDictionary(k => k, _ => 0);
        var closing = new Queue<(int Step, string Rep)>();

        for (var i = 0; i < 1000; i++)
        {
            while (closing.Count > 0 && closing.Peek().Step <= i)
                open[closing.Dequeue().Rep]--; // every lead is worked for 7 steps, then closed
            var now = time.GetUtcNow();
            var candidates = open.Keys.Select(k => Candidate(Rep(k, capacity: 10), new RepWorkload(open[k], last[k], FollowUpsInWindow: 2, SlaTally.None))).ToList();
            var decision = LeadRouter.Route(Policy, new RoutingRequest(new LeadToRoute($"lead-{i}", "杭州", null), candidates), now);
            var winner = decision.AssignedRepId!;
            counts[winner]++;
            open[winner]++;
            last[winner] = now;
            closing.Enqueue((i + 7, winner));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(counts.Values, n => Assert.InRange(n, 238, 262));
    }

    [Fact]
    public void Instance_router_stamps_the_decision_with_the_injected_clock()
    {
        var time = new ManualTimeProvider(Sh(2026, 11, 23, 9, 30));

        var decision = new LeadRouter(time).Route(Policy, new RoutingRequest(Lead(), [Candidate(Rep("A"), Busy(Now))]));

        Assert.Equal(Sh(2026, 11, 23, 9, 30), decision.DecidedAt);
        Assert.Equal(("default", 1), (decision.PolicyId, decision.PolicyVersion));
    }
}
