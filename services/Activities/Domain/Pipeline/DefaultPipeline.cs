namespace SalesMesh.Activities.Domain.Pipeline;

/// <summary>The default stages and playbooks (AC-1/AC-2). Field keys are visit-record / opportunity field paths.</summary>
public static class DefaultPipeline
{
    public const string NeedsDiagnosis = "needsDiagnosis";
    public const string SolutionPresentation = "solutionPresentation";
    public const string QuoteNegotiation = "quoteNegotiation";
    public const string ContractSigning = "contractSigning";
    public const string Delivery = "delivery";

    public static readonly PlaybookItem NextMeetingAgendaAgreed = new("nextMeetingAgendaAgreed", new("下次会议议程已约定", "next meeting agenda agreed"));
    public static readonly PlaybookItem DecisionChainListObtained = new("decisionChainListObtained", new("决策链名单已获取", "decision-chain list obtained"));
    public static readonly PlaybookItem ProductDemoDone = new("productDemoDone", new("产品演示已完成", "product demo done"));

    public static PipelineDefinition Create() => PipelineDefinition.Create(
    [
        new StageDefinition(NeedsDiagnosis, new("需求诊断", "Needs diagnosis"),
            [
                new("painPointsConfirmed", new("痛点已确认", "pain points confirmed")),
                DecisionChainListObtained,
                new("budgetRangeDiscussed", new("预算范围已沟通", "budget range discussed")),
                NextMeetingAgendaAgreed,
            ],
            [Field("budget", "预算", "budget"), Field("biggestConcern", "最大顾虑", "biggest concern")]),
        new StageDefinition(SolutionPresentation, new("方案呈现", "Solution presentation"),
            [
                ProductDemoDone,
                new("proposalSent", new("方案书已发送", "proposal sent")),
                new("keyPersonFeedbackCollected", new("关键人反馈已收集", "key-person feedback collected")),
                NextMeetingAgendaAgreed,
            ],
            [Field("promisedDeliverable", "承诺交付物", "promised deliverable"), Field("nextTouchpoint.at", "下次触点时间", "next touchpoint time")]),
        new StageDefinition(QuoteNegotiation, new("报价谈判", "Quote & negotiation"),
            [
                new("quoteSent", new("报价单已发送", "quote sent")),
                new("objectionsRecorded", new("异议已记录", "objections recorded")),
                new("decisionMakerMet", new("已会见决策人", "decision maker met")),
            ],
            [Field("objectionType", "异议类型", "objection type"), Field("quotedAmount", "报价金额", "quoted amount")]),
        new StageDefinition(ContractSigning, new("合同签署", "Contract signing"),
            [
                new("contractDraftSent", new("合同草案已发送", "contract draft sent")),
                new("legalReviewDone", new("法务审核已完成", "legal review done")),
                new("signingDateAgreed", new("签约日期已确定", "signing date agreed")),
            ],
            [Field("contractAmount", "合同金额", "contract amount")]),
        new StageDefinition(Delivery, new("交付", "Delivery"),
            [
                new("kickoffHeld", new("交付启动会已召开", "kick-off held")),
                new("deliveryPlanApproved", new("交付计划已确认", "delivery plan approved")),
                new("acceptanceCriteriaAgreed", new("验收标准已约定", "acceptance criteria agreed")),
            ],
            [Field("goLiveDate", "上线日期", "go-live date")]),
    ]).Value;

    private static PlaybookItem Field(string key, string zh, string en) => new(key, new BilingualText(zh, en));
}
