using Google.Rpc;
using Grpc.Core;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>AC-1/AC-2 through the API: the gate lists every missing item in zh and en, and opens once the playbook is satisfied.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class StageGateTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task Advancing_with_an_incomplete_playbook_lists_every_missing_item_and_changes_nothing()
    {
        var rep = People.NewRep();
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        await Host.ClientFor(rep).RecordPlaybookProgressAsync(new RecordPlaybookProgressRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, CompletedActions = { "painPointsConfirmed" },
        });

        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "solutionPresentation", ExpectedVersion = 2,
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal("pipeline.playbook_incomplete", status.GetDetail<ErrorInfo>()!.Reason);
        var missing = status.GetDetail<PreconditionFailure>()!.Violations;
        Assert.Equal(["decisionChainListObtained", "budgetRangeDiscussed", "nextMeetingAgendaAgreed", "budget", "biggestConcern"], missing.Select(v => v.Subject));
        Assert.Equal(["action", "action", "action", "field", "field"], missing.Select(v => v.Type));
        var messages = status.Details.Where(d => d.Is(LocalizedMessage.Descriptor)).Select(d => d.Unpack<LocalizedMessage>()).ToDictionary(m => m.Locale, m => m.Message);
        foreach (var zh in new[] { "决策链名单已获取", "预算范围已沟通", "下次会议议程已约定", "预算", "最大顾虑" })
            Assert.Contains(zh, messages["zh-CN"]);
        foreach (var en in new[] { "decision-chain list obtained", "budget range discussed", "next meeting agenda agreed", "budget", "biggest concern" })
            Assert.Contains(en, messages["en"]);
        Assert.DoesNotContain("痛点已确认", messages["zh-CN"]);
        Assert.Contains("决策链名单已获取", refused.Status.Detail);

        var after = await Host.ClientFor(rep).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId });
        Assert.Equal(("needsDiagnosis", 2), (after.Opportunity.Stage, after.Opportunity.Version));
        Assert.Equal(5, after.MissingItems.Count);
        Assert.Empty(await Samples.EventsAsync<StageChanged>(Host, opportunity.OpportunityId.Value));
    }

    [Fact]
    public async Task Actions_plus_a_visit_record_open_the_gate_and_the_move_is_published()
    {
        var rep = People.NewRep();
        var (customer, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var client = Host.ClientFor(rep);
        await client.RecordPlaybookProgressAsync(new RecordPlaybookProgressRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1,
            CompletedActions = { "painPointsConfirmed", "decisionChainListObtained", "budgetRangeDiscussed", "nextMeetingAgendaAgreed" },
        });
        // The visit record for the opportunity fills the gate's fields (budget, biggest concern).
        await client.SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value, opportunity.OpportunityId.Value),
        });

        var moved = await client.AdvanceStageAsync(new AdvanceStageRequest { OpportunityId = opportunity.OpportunityId, TargetStage = "solutionPresentation", ExpectedVersion = 3 });

        Assert.Equal(("solutionPresentation", 4), (moved.Opportunity.Stage, moved.Opportunity.Version));
        await Eventually.TrueAsync(async () => (await Samples.EventsAsync<StageChanged>(Host, opportunity.OpportunityId.Value)) is [{ SentAt: not null }],
            "StageChanged published to the broker");
    }

    [Fact]
    public async Task Unknown_stage_is_invalid_argument_skipping_is_refused_and_a_stale_version_is_aborted()
    {
        var rep = People.NewRep();
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var client = Host.ClientFor(rep, "en");

        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "negotiation", ExpectedVersion = 1,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        var violation = Assert.Single(Samples.BadRequestOf(unknown).FieldViolations);
        Assert.Equal(("targetStage", "Unknown stage 'negotiation'"), (violation.Field, violation.Description));

        var skipped = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "contractSigning", ExpectedVersion = 1,
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "pipeline.stage_skipped"), (skipped.StatusCode, skipped.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason));

        var stale = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "lost", LostReason = "预算取消", ExpectedVersion = 7,
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [Fact]
    public async Task Lost_needs_a_reason_is_never_gated_and_publishes_opportunity_lost()
    {
        var rep = People.NewRep();
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var client = Host.ClientFor(rep);

        var noReason = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityLostAsync(new MarkOpportunityLostRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1,
        }).ResponseAsync);
        Assert.Equal("reason", Assert.Single(Samples.BadRequestOf(noReason).FieldViolations).Field);

        var lost = await client.MarkOpportunityLostAsync(new MarkOpportunityLostRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Reason = "客户选择了竞品" });
        Assert.Equal((OpportunityStatus.Lost, "lost", "客户选择了竞品"), (lost.Opportunity.Status, lost.Opportunity.Stage, lost.Opportunity.LostReason));
        Assert.NotNull(lost.Opportunity.CloseTime);
        Assert.Single(await Samples.EventsAsync<OpportunityLost>(Host, opportunity.OpportunityId.Value));

        var closed = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "needsDiagnosis", ExpectedVersion = 2,
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
    }

    [Fact]
    public async Task Progress_with_an_unknown_action_or_field_is_refused_naming_them()
    {
        var rep = People.NewRep();
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).RecordPlaybookProgressAsync(new RecordPlaybookProgressRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, CompletedActions = { "productDemoDone", "coffeeDrunk" },
            FieldValues = { ["quotedAmount"] = "1200000", ["mood"] = "good" },
        }).ResponseAsync);
        Assert.Equal(["completedActions[1]", "fieldValues[mood]"], Samples.BadRequestOf(refused).FieldViolations.Select(v => v.Field));
        var after = await Host.ClientFor(rep).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId });
        Assert.Empty(after.Opportunity.CompletedActions);
        Assert.Empty(after.Opportunity.FieldValues);
    }
}
