using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.RulesBench;

/// <summary>100 active rules mixing every operator, and a realistic visit record.</summary>
internal static class BenchmarkData
{
    public const int RuleCount = 100;

    public static RuleSet HundredRules()
    {
        var rules = new List<Rule>();
        for (int i = 0; i < RuleCount; i++)
        {
            var message = new BilingualText($"规则 {i}", $"rule {i}");
            rules.Add((i % 5) switch
            {
                0 => new Rule($"r{i}", message, new FieldEquals("biggestConcern", RuleValue.FromText("budgetInsufficient")),
                    new ContainsAnyKeyword("promisedDeliverable", ["成本分析", "ROI", "cost analysis"])),
                1 => new Rule($"r{i}", message, new FieldEquals("trial.accountProvided", RuleValue.FromBoolean(true)),
                    new RequiredFields(["trial.startDate", "trial.endDate", "trial.clientLoginFrequency"])),
                2 => new Rule($"r{i}", message,
                    new AnyOf([
                        new FieldIn("budget", [RuleValue.FromText("confirmedAbove500k"), RuleValue.FromText("confirmedBelow500k")]),
                        new FieldNotEmpty("nextTouchpoint.participants"),
                    ]),
                    new MaxLength("promisedDeliverable", 300)),
                3 => new Rule($"r{i}", message,
                    new AllOf([new FieldNotEmpty("promisedDeliverable"), new FieldEmpty("callRecordingSummaryRef")]),
                    new ContainsAnyKeyword("nextTouchpoint.participants", ["王", "Wang"])),
                _ => new Rule($"r{i}", message, null,
                    new RequiredFields(["budget", "biggestConcern", "nextTouchpoint.at", "nextTouchpoint.topic"])),
            });
        }
        return DefaultRuleSets.VisitRecordDefaults() with { Rules = rules };
    }

    public static VisitRecord Record(string deliverable) => VisitRecordValidator.Validate(new VisitRecordInput
    {
        ClientRecordId = Guid.Parse("6f1c2a3b-1111-4222-8333-944455566677"),
        CustomerId = "cust-hz-001",
        RepId = "rep-zhang",
        VisitedAt = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(8)),
        Budget = "confirmedBelow500k",
        BiggestConcern = "budgetInsufficient",
        PromisedDeliverable = deliverable,
        NextTouchpoint = new NextTouchpointInput(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(8)), ["王总", "李工"], "方案演示"),
        Trial = new TrialInput(false, null, null, null),
    }, new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero)).Value;

    /// <summary>A long (~290 characters) deliverable whose keyword sits at the end: the worst case for matching.</summary>
    public const string PassingDeliverable =
        "<p>本周内向客户提交完整的项目实施路线图，包括需求梳理、系统选型对比、集成方案、数据迁移计划、人员培训安排与上线验收标准；" +
        "同时整理同行业三家标杆客户的落地经验，说明各阶段的资源投入、风险点与应对措施，并附上详细的里程碑时间表、责任人清单、" +
        "沟通机制说明以及售后服务承诺，确保客户管理层能够清楚评估项目可行性与收益；针对客户财务部门关心的问题，另外准备一份三年期的" +
        "<b>成本分析</b></p>";

    public const string FailingDeliverable = "<p>下周发送报价单和产品白皮书</p>";
}
