using Google.Protobuf;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;
using SalesMesh.LeadRouting.Grpc;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

/// <summary>
/// The stored explanation: the compact format (numbers and codes, sentences rendered when read) gives
/// callers exactly what the old format (every sentence stored) gave, and rows of the old format still read.
/// </summary>
public class StoredDecisionTests
{
    private static readonly DateTimeOffset Now = FridayMorning;
    private static readonly RoutingPolicy Policy = RoutingPolicy.Default() with
    {
        ProductLineQualifications = new Dictionary<string, string> { ["骨科器械"] = "ortho" },
        Shift = RoutingPolicy.Default().Shift with { AssignOffShiftWhenNobodyOnShift = false },
    };

    private static readonly WeeklySchedule Weekend =
        WeeklySchedule.AllDays(("00:00", "24:00")) with { Windows = [WorkingWindow.Of(DayOfWeek.Saturday, "09:00", "18:00")] };

    /// <summary>Every kind of sentence: each exclusion, each territory match, SLA and load details, ties and multipliers.</summary>
    public static TheoryData<string, string?, string?> Leads => new()
    {
        { "own territory, qualified line", "杭州", "骨科器械" },
        { "neighbouring and other territories", "上海", null },
        { "no territory", null, "骨科器械" },
        { "nobody eligible: public pool", "杭州", "口腔器械" },
    };

    private static RoutingDecision Route(string? territory, string? productLine) => LeadRouter.Route(Policy, new RoutingRequest(
        new LeadToRoute("lead-7", territory, productLine),
        [
            Candidate(Rep("A", name: "张三", qualifications: ["ortho", "口腔器械"]), Busy(Now, openLeads: 5, lastAssigned: Now.AddHours(-3)) with { Sla = new SlaTally(Due: 4, Met: 3) }),
            Candidate(Rep("B", name: "李四", territory: "苏州", qualifications: ["ortho"]), Busy(Now, openLeads: 1) with { FollowUpsInWindow = 0 }),
            Candidate(Rep("C", name: "王五", territory: "上海", qualifications: ["ortho"]), Busy(Now, openLeads: 1)),
            Candidate(Rep("D", qualifications: ["ortho"], capacity: 20), Busy(Now, openLeads: 20)),
            Candidate(Rep("E", qualifications: [], active: false), Busy(Now)),
            Candidate(Rep("F", qualifications: ["ortho"], shift: Weekend), Busy(Now)),
            Candidate(Rep("G", qualifications: ["ortho"]), Busy(Now)),
            Candidate(Rep("H", qualifications: ["ortho"]), Busy(Now)),
            Candidate(Rep("I", qualifications: ["ortho"]), Busy(Now)),
        ],
        [
            new CallerExclusion("G", CallerExclusionReason.SlaBreachedOnThisLead),
            new CallerExclusion("H", CallerExclusionReason.FollowUpRightsRevoked),
            new CallerExclusion("I", CallerExclusionReason.ReleasedThisLead),
        ]), Now);

    private static LeadAssignmentRecord Row(RoutingDecision decision, string explanation) => new()
    {
        Id = Guid.Parse("0b9f6f3e-8a57-4d4c-9a43-4f3e2f1a0001"),
        LeadId = Guid.Parse("0b9f6f3e-8a57-4d4c-9a43-4f3e2f1a0002"),
        Outcome = decision.Outcome == RoutingOutcome.Assigned ? AssignmentOutcomes.Assigned : AssignmentOutcomes.PublicPool,
        RepUserId = decision.AssignedRepId,
        Reason = AssignmentReasons.Intake,
        PolicyId = decision.PolicyId,
        PolicyVersion = decision.PolicyVersion,
        DecidedAt = decision.DecidedAt,
        DecidedBy = "system",
        SummaryZh = decision.Summary.ZhCn,
        SummaryEn = decision.Summary.En,
        Explanation = explanation,
    };

    [Theory]
    [MemberData(nameof(Leads))]
    public void The_compact_row_answers_GetLead_byte_for_byte_like_the_whole_decision_did(string _, string? territory, string? productLine)
    {
        var decision = Route(territory, productLine);
        var compact = StoredDecision.Serialize(decision);
        var whole = DomainJson.Serialize(decision);

        Assert.Contains("\"format\":2", compact, StringComparison.Ordinal);
        Assert.True(compact.Length * 3 < whole.Length, $"compact {compact.Length} chars vs {whole.Length}");
        Assert.Equal(LeadMapper.ToProto(Row(decision, whole)).ToByteArray(), LeadMapper.ToProto(Row(decision, compact)).ToByteArray());
        // The whole domain decision comes back, sentences included.
        Assert.Equal(whole, DomainJson.Serialize(StoredDecision.Deserialize(compact, decision.Summary)));
    }

    [Fact]
    public void The_compact_form_survives_jsonb_reordering_its_keys()
    {
        var decision = Route("杭州", "骨科器械");
        var compact = StoredDecision.Serialize(decision);
        // PostgreSQL returns jsonb keys sorted by length, then bytes: "format" is no longer first.
        var reordered = System.Text.Json.Nodes.JsonNode.Parse(compact)!.AsObject();
        var sorted = new System.Text.Json.Nodes.JsonObject(reordered.OrderBy(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        Assert.Equal(DomainJson.Serialize(decision), DomainJson.Serialize(StoredDecision.Deserialize(sorted.ToJsonString(), decision.Summary)));
    }

    /// <summary>Stored by the service before the compact format (LeadRouter.Route, three reps, one excluded three times).</summary>
    private const string OldRow = @"{""leadId"":""lead-1"",""outcome"":""Assigned"",""assignedRepId"":""rep-a"",""policyId"":""default"",""policyVersion"":3,""decidedAt"":""2026-11-20T02:00:00+00:00"",""candidates"":[{""repId"":""rep-a"",""displayName"":""\u5F20\u4E09"",""exclusions"":[],""onShift"":true,""territoryMatch"":""SameTerritory"",""territoryTier"":0,""factors"":[{""factor"":""Territory"",""score"":1,""weight"":0.4,""detail"":{""zhCn"":""\u540C\u5730\u57DF\uFF08\u676D\u5DDE\uFF09"",""en"":""Same territory (\u676D\u5DDE)""}},{""factor"":""Responsiveness"",""score"":0.75,""weight"":0.3,""detail"":{""zhCn"":""\u8FD1 30 \u5929 SLA \u6309\u65F6 2/2"",""en"":""SLA met 2 of 2 in the last 30 days""}},{""factor"":""Load"",""score"":0.75,""weight"":0.3,""detail"":{""zhCn"":""\u5728\u624B\u7EBF\u7D22 5/20"",""en"":""5/20 open leads""}}],""followUpsInWindow"":3,""followUpMultiplier"":1,""score"":0.85,""lastAssignedAt"":""2026-11-19T23:00:00+00:00"",""tieBreakKey"":""319cbfba61a573ed"",""isEligible"":true,""rank"":1},{""repId"":""rep-b"",""displayName"":""\u674E\u56DB"",""exclusions"":[],""onShift"":true,""territoryMatch"":""OtherTerritory"",""territoryTier"":2,""factors"":[{""factor"":""Territory"",""score"":0,""weight"":0.4,""detail"":{""zhCn"":""\u975E\u7EBF\u7D22\u5730\u57DF\uFF08\u7EBF\u7D22\u5728\u676D\u5DDE\uFF09"",""en"":""Not the lead\u0027s territory (lead is in \u676D\u5DDE)""}},{""factor"":""Responsiveness"",""score"":0.5,""weight"":0.3,""detail"":{""zhCn"":""\u8FD1 30 \u5929 SLA \u6309\u65F6 0/0"",""en"":""SLA met 0 of 0 in the last 30 days""}},{""factor"":""Load"",""score"":0.95,""weight"":0.3,""detail"":{""zhCn"":""\u5728\u624B\u7EBF\u7D22 1/20"",""en"":""1/20 open leads""}}],""followUpsInWindow"":0,""followUpMultiplier"":0.8,""score"":0.3480,""lastAssignedAt"":null,""tieBreakKey"":""2ad41139b497e22d"",""isEligible"":true,""rank"":2},{""repId"":""rep-c"",""displayName"":""\u738B\u4E94"",""exclusions"":[{""code"":""MissingQualification"",""message"":{""zhCn"":""\u7F3A\u5C11\u4EA7\u54C1\u7EBF\u201Cortho\u201D\u6240\u9700\u8D44\u8D28\u201Cortho\u201D"",""en"":""Lacks the qualification \u0027ortho\u0027 required for product line \u0027ortho\u0027""}},{""code"":""AtCapacity"",""message"":{""zhCn"":""\u5DF2\u6EE1\u8D1F\u8377\uFF08\u5728\u624B 20/20\uFF09"",""en"":""At capacity (20/20 open leads)""}},{""code"":""ReleasedThisLead"",""message"":{""zhCn"":""\u672C\u4EBA\u5DF2\u91CA\u653E\u6B64\u7EBF\u7D22"",""en"":""Released this lead themselves""}}],""onShift"":true,""territoryMatch"":""SameTerritory"",""territoryTier"":0,""factors"":[{""factor"":""Territory"",""score"":1,""weight"":0.4,""detail"":{""zhCn"":""\u540C\u5730\u57DF\uFF08\u676D\u5DDE\uFF09"",""en"":""Same territory (\u676D\u5DDE)""}},{""factor"":""Responsiveness"",""score"":0.5,""weight"":0.3,""detail"":{""zhCn"":""\u8FD1 30 \u5929 SLA \u6309\u65F6 0/0"",""en"":""SLA met 0 of 0 in the last 30 days""}},{""factor"":""Load"",""score"":0,""weight"":0.3,""detail"":{""zhCn"":""\u5728\u624B\u7EBF\u7D22 20/20"",""en"":""20/20 open leads""}}],""followUpsInWindow"":0,""followUpMultiplier"":0.8,""score"":0.440,""lastAssignedAt"":null,""tieBreakKey"":""8a54cd0957fb678a"",""isEligible"":false,""rank"":null}],""summary"":{""zhCn"":""\u5206\u914D\u7ED9 \u5F20\u4E09\uFF08\u5F97\u5206 0.85\uFF09\uFF1B\u6B21\u9009 \u674E\u56DB\uFF1A\u4F18\u5148\u5206\u914D\u7ED9\u540C\u5730\u57DF/\u76F8\u90BB\u5730\u57DF\u9500\u552E\uFF1A\u5F20\u4E09 \u4E3A\u540C\u5730\u57DF\uFF08\u676D\u5DDE\uFF09\uFF0C\u674E\u56DB \u4E3A\u975E\u7EBF\u7D22\u5730\u57DF\uFF08\u7EBF\u7D22\u5728\u676D\u5DDE\uFF09"",""en"":""Assigned to \u5F20\u4E09 (score 0.85); runner-up \u674E\u56DB: the policy prefers the lead\u0027s own (or neighbouring) territory: \u5F20\u4E09: Same territory (\u676D\u5DDE); \u674E\u56DB: Not the lead\u0027s territory (lead is in \u676D\u5DDE)""}}";

    [Fact]
    public void A_row_stored_in_the_old_format_still_reads_with_every_sentence()
    {
        var decision = StoredDecision.Deserialize(OldRow, new("ignored", "ignored"));

        Assert.Equal("rep-a", decision.AssignedRepId);
        Assert.Equal("分配给 张三（得分 0.85）；次选 李四：优先分配给同地域/相邻地域销售：张三 为同地域（杭州），李四 为非线索地域（线索在杭州）", decision.Summary.ZhCn);
        Assert.Equal("在手线索 5/20", decision.Candidate("rep-a")!.Factor(RoutingFactor.Load).Detail.ZhCn);
        Assert.Equal("王五 未参与分配：缺少产品线“ortho”所需资质“ortho”；已满负荷（在手 20/20）；本人已释放此线索", decision.Explain("rep-c").ZhCn);
        Assert.Equal("张三 got the lead instead of 李四: the policy prefers the lead's own (or neighbouring) territory: 张三: Same territory (杭州); 李四: Not the lead's territory (lead is in 杭州)",
            decision.Explain("rep-b").En);
    }

    [Fact]
    public void The_same_routing_stored_compactly_answers_exactly_like_the_old_row()
    {
        var policy = RoutingPolicy.Default("default", 3);
        var now = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        static RepProfile Profile(string id, string name, string territory, string[] qualifications) =>
            new(id, name, "team-1", new HashSet<string> { territory }, qualifications.ToHashSet(), 20, null, null, null, true);
        var decision = LeadRouter.Route(policy, new RoutingRequest(new LeadToRoute("lead-1", "杭州", "ortho"),
        [
            new(Profile("rep-a", "张三", "杭州", ["ortho"]), new RepWorkload(5, now.AddHours(-3), 3, new SlaTally(2, 2))),
            new(Profile("rep-b", "李四", "上海", ["ortho"]), new RepWorkload(1, null, 0, new SlaTally(0, 0))),
            new(Profile("rep-c", "王五", "杭州", []), new RepWorkload(20, null, 0, new SlaTally(0, 0))),
        ], [new CallerExclusion("rep-c", CallerExclusionReason.ReleasedThisLead)]), now);

        Assert.Equal(LeadMapper.ToProto(Row(decision, OldRow)).ToByteArray(),
            LeadMapper.ToProto(Row(decision, StoredDecision.Serialize(decision))).ToByteArray());
    }
}
