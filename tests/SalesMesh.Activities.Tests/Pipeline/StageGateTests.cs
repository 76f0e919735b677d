using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Pipeline;

namespace SalesMesh.Activities.Tests.Pipeline;

public sealed class StageGateTests
{
    private static readonly PipelineDefinition Default = DefaultPipeline.Create();
    private static readonly HashSet<string> None = [];

    private static StageMoveDecision Move(string from, string to, HashSet<string>? actions = null, HashSet<string>? fields = null) =>
        StageGate.CheckMove(Default, from, to, actions ?? None, fields ?? None);

    [Fact]
    public void Default_pipeline_has_the_five_chinese_stages_in_order()
    {
        Assert.Equal(["需求诊断", "方案呈现", "报价谈判", "合同签署", "交付"], Default.OpenStages.Select(s => s.Name.Zh));
        Assert.All(Default.OpenStages, s => Assert.InRange(s.RequiredActions.Count, 3, 5));
    }

    [Fact]
    public void Advancing_with_nothing_done_lists_every_missing_action_and_field_in_chinese_and_english()
    {
        var decision = Move(DefaultPipeline.SolutionPresentation, DefaultPipeline.QuoteNegotiation);

        Assert.False(decision.Allowed);
        Assert.Equal(["productDemoDone", "proposalSent", "keyPersonFeedbackCollected", "nextMeetingAgendaAgreed", "promisedDeliverable", "nextTouchpoint.at"],
            decision.Missing.Select(m => m.Key));
        var error = Assert.Single(decision.Errors);
        Assert.Equal("pipeline.playbook_incomplete", error.Code);
        Assert.Equal("无法进入“报价谈判”：“方案呈现”阶段还缺少 产品演示已完成、方案书已发送、关键人反馈已收集、下次会议议程已约定、承诺交付物、下次触点时间", error.Message.Zh);
        Assert.Equal("Cannot move to 'Quote & negotiation': stage 'Solution presentation' is still missing product demo done, proposal sent, key-person feedback collected, next meeting agenda agreed, promised deliverable, next touchpoint time", error.Message.En);
    }

    [Fact]
    public void Only_the_items_still_missing_are_listed()
    {
        var decision = Move(DefaultPipeline.NeedsDiagnosis, DefaultPipeline.SolutionPresentation,
            ["painPointsConfirmed", "budgetRangeDiscussed", "nextMeetingAgendaAgreed"], ["budget"]);

        Assert.Equal([(PlaybookItemKind.Action, "决策链名单已获取"), (PlaybookItemKind.Field, "最大顾虑")],
            decision.Missing.Select(m => (m.Kind, m.Name.Zh)));
    }

    [Fact]
    public void A_complete_playbook_lets_the_opportunity_advance()
    {
        var decision = Move(DefaultPipeline.NeedsDiagnosis, DefaultPipeline.SolutionPresentation,
            ["painPointsConfirmed", "decisionChainListObtained", "budgetRangeDiscussed", "nextMeetingAgendaAgreed"], ["budget", "biggestConcern"]);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Errors);
    }

    [Fact]
    public void Won_is_reached_from_delivery_through_its_playbook()
    {
        Assert.False(Move(DefaultPipeline.Delivery, PipelineDefinition.WonKey).Allowed);
        Assert.True(Move(DefaultPipeline.Delivery, PipelineDefinition.WonKey,
            ["kickoffHeld", "deliveryPlanApproved", "acceptanceCriteriaAgreed"], ["goLiveDate"]).Allowed);
    }

    [Fact]
    public void Unknown_stages_get_a_specific_error_naming_them()
    {
        var decision = Move("needsDiagnosis", "pilot");

        var error = Assert.Single(decision.Errors);
        Assert.Equal("pipeline.unknown_stage", error.Code);
        Assert.Equal("targetStage", error.Path);
        Assert.Contains("pilot", error.Message.Zh);
        Assert.Equal("pipeline.unknown_stage", Assert.Single(Move("draft", DefaultPipeline.NeedsDiagnosis).Errors).Code);
    }

    [Fact]
    public void Skipping_a_stage_is_refused_and_names_the_next_stage()
    {
        var error = Assert.Single(Move(DefaultPipeline.NeedsDiagnosis, DefaultPipeline.ContractSigning).Errors);

        Assert.Equal("pipeline.stage_skipped", error.Code);
        Assert.Contains("方案呈现", error.Message.Zh);
    }

    [Fact]
    public void Skipping_a_single_stage_is_refused_even_with_the_current_playbook_complete()
    {
        var decision = Move(DefaultPipeline.NeedsDiagnosis, DefaultPipeline.QuoteNegotiation,
            ["painPointsConfirmed", "decisionChainListObtained", "budgetRangeDiscussed", "nextMeetingAgendaAgreed"], ["budget", "biggestConcern"]);

        Assert.False(decision.Allowed);
        Assert.Equal("pipeline.stage_skipped", Assert.Single(decision.Errors).Code);
        Assert.Equal("pipeline.stage_skipped", Assert.Single(Move(DefaultPipeline.ContractSigning, PipelineDefinition.WonKey).Errors).Code);
    }

    [Fact]
    public void Lost_is_always_reachable_and_moving_back_is_not_gated()
    {
        Assert.True(Move(DefaultPipeline.QuoteNegotiation, PipelineDefinition.LostKey).Allowed);
        Assert.True(Move(DefaultPipeline.QuoteNegotiation, DefaultPipeline.NeedsDiagnosis).Allowed);
    }

    [Fact]
    public void Closed_and_same_stage_moves_are_refused()
    {
        Assert.Equal("pipeline.stage_closed", Assert.Single(Move(PipelineDefinition.WonKey, PipelineDefinition.LostKey).Errors).Code);
        Assert.Equal("pipeline.stage_closed", Assert.Single(Move(PipelineDefinition.LostKey, DefaultPipeline.NeedsDiagnosis).Errors).Code);
        Assert.Equal("pipeline.same_stage", Assert.Single(Move(DefaultPipeline.Delivery, DefaultPipeline.Delivery).Errors).Code);
    }

    [Fact]
    public void The_stage_list_is_configurable_but_playbooks_must_bind_three_to_five_actions()
    {
        var two = new StageDefinition("pilot", new BilingualText("试点", "Pilot"),
            [new("a", new BilingualText("甲", "a")), new("b", new BilingualText("乙", "b"))], []);
        var result = PipelineDefinition.Create([two, two with { Key = "won" }]);

        Assert.Equal(["pipeline.playbook_size", "pipeline.reserved_stage_key", "pipeline.playbook_size"], result.Errors.Select(e => e.Code));
        Assert.Contains("试点", result.Errors[0].Message.Zh);

        var custom = PipelineDefinition.Create([new StageDefinition("pilot", new BilingualText("试点", "Pilot"),
            [new("a", new BilingualText("甲", "a")), new("b", new BilingualText("乙", "b")), new("c", new BilingualText("丙", "c"))], [])]).Value;
        Assert.True(StageGate.CheckMove(custom, "pilot", PipelineDefinition.WonKey, new HashSet<string> { "a", "b", "c" }, None).Allowed);
    }
}
