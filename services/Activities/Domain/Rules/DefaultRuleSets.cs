using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.Domain.Rules;

/// <summary>The catalogue of visit-record fields and the two rules that ship by default (AC-4).</summary>
public static class DefaultRuleSets
{
    public const string VisitRecordRuleSetId = "visit-record";
    public const string TrialAccountRuleId = "trial-account-details";
    public const string BudgetConcernRuleId = "budget-concern-needs-cost-analysis";

    public static FieldCatalogue VisitRecordCatalogue() => new(
    [
        new FieldDefinition("budget", FieldType.Enum, new("预算", "Budget"), VisitCodes.AllCodes(VisitCodes.Budgets)),
        new FieldDefinition("objectionType", FieldType.Enum, new("异议类型", "Objection type"), VisitCodes.AllCodes(VisitCodes.Objections)),
        new FieldDefinition("biggestConcern", FieldType.Enum, new("最大顾虑", "Biggest concern"), VisitCodes.AllCodes(VisitCodes.Concerns)),
        new FieldDefinition("promisedDeliverable", FieldType.Text, new("承诺交付物", "Promised deliverable")),
        new FieldDefinition("nextTouchpoint.at", FieldType.DateTime, new("下次触点时间", "Next touchpoint time")),
        new FieldDefinition("nextTouchpoint.participants", FieldType.TextList, new("下次触点参与人", "Next touchpoint participants")),
        new FieldDefinition("nextTouchpoint.topic", FieldType.Text, new("下次触点议题", "Next touchpoint topic")),
        new FieldDefinition("gps.latitude", FieldType.Number, new("GPS 纬度", "GPS latitude")),
        new FieldDefinition("gps.longitude", FieldType.Number, new("GPS 经度", "GPS longitude")),
        new FieldDefinition("callRecordingSummaryRef", FieldType.Text, new("通话录音摘要", "Call-recording summary")),
        new FieldDefinition("trial.accountProvided", FieldType.Boolean, new("已提供试用账号", "Trial account provided")),
        new FieldDefinition("trial.startDate", FieldType.Date, new("试用开始日期", "Trial start date")),
        new FieldDefinition("trial.endDate", FieldType.Date, new("试用结束日期", "Trial end date")),
        new FieldDefinition("trial.clientLoginFrequency", FieldType.Text, new("客户登录频率", "Client login frequency")),
    ]);

    public static Rule TrialAccountRule() => new(
        TrialAccountRuleId,
        new BilingualText("已提供试用账号时，必须填写试用开始日期、试用结束日期和客户登录频率",
            "When a trial account is provided, the trial start date, trial end date and client login frequency are required"),
        When: new FieldEquals("trial.accountProvided", RuleValue.FromBoolean(true)),
        Then: new RequiredFields(["trial.startDate", "trial.endDate", "trial.clientLoginFrequency"]));

    public static Rule BudgetConcernRule() => new(
        BudgetConcernRuleId,
        new BilingualText("最大顾虑为“预算不足”时，承诺交付物必须提及 成本分析 / ROI / cost analysis",
            "When the biggest concern is 'budget insufficient', the promised deliverable must mention 成本分析 / ROI / cost analysis"),
        When: new FieldEquals("biggestConcern", RuleValue.FromText("budgetInsufficient")),
        Then: new ContainsAnyKeyword("promisedDeliverable", ["成本分析", "ROI", "cost analysis"]));

    public static RuleSet VisitRecordDefaults() =>
        new(VisitRecordRuleSetId, 1, VisitRecordCatalogue(), [TrialAccountRule(), BudgetConcernRule()]);
}
