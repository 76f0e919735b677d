using Google.Rpc;
using Grpc.Core;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Pipeline;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Activities.V1;
using PlaybookItemKind = SalesMesh.Activities.Domain.Pipeline.PlaybookItemKind;
using PlaybookItem = SalesMesh.Activities.Domain.Pipeline.PlaybookItem;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    private const int MaxLostReasonLength = 500;

    public override async Task<AdvanceStageResponse> AdvanceStage(AdvanceStageRequest request, ServerCallContext context)
    {
        var opportunity = await MoveAsync(context, request.OpportunityId?.Value, request.TargetStage ?? "", request.ExpectedVersion, request.LostReason, "lostReason", null);
        return new AdvanceStageResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
    }

    public override async Task<MarkOpportunityWonResponse> MarkOpportunityWon(MarkOpportunityWonRequest request, ServerCallContext context)
    {
        var opportunity = await MoveAsync(context, request.OpportunityId?.Value, PipelineDefinition.WonKey, request.ExpectedVersion, null, "reason", request.FinalAmount);
        return new MarkOpportunityWonResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
    }

    public override async Task<MarkOpportunityLostResponse> MarkOpportunityLost(MarkOpportunityLostRequest request, ServerCallContext context)
    {
        var opportunity = await MoveAsync(context, request.OpportunityId?.Value, PipelineDefinition.LostKey, request.ExpectedVersion, request.Reason, "reason", null);
        return new MarkOpportunityLostResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
    }

    /// <summary>
    /// Every stage move goes through the domain's <see cref="StageGate"/>; the move, the
    /// StageChanged event and the won/lost event commit together.
    /// </summary>
    private async Task<OpportunityRecord> MoveAsync(ServerCallContext context, string? opportunityId, string targetStage, int expectedVersion,
        string? lostReason, string reasonField, Contracts.Common.V1.Money? finalAmount)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, opportunityId, "opportunityId.value");
        var problems = new List<FieldProblem>();
        var (amount, currency) = finalAmount is null ? (0m, "") : ProtoConversions.FromMoney(finalAmount, "finalAmount", problems);
        var reason = TextRules.IsBlank(lostReason) ? null : TextRules.Trim(lostReason!);
        if (targetStage == PipelineDefinition.LostKey)
        {
            if (reason is null)
            {
                problems.Add(new FieldProblem(reasonField,
                    new("输单必须填写原因", "A lost opportunity needs a reason"), "pipeline.lost_reason_required"));
            }
            else if (TextRules.CountScalarValues(reason) > MaxLostReasonLength)
            {
                problems.Add(new FieldProblem(reasonField, new($"输单原因最多 {MaxLostReasonLength} 个字", $"The reason allows at most {MaxLostReasonLength} characters"), "too_long"));
            }
        }
        ThrowIfAny(problems, context);

        return await Atomically(context, async (db, ct) =>
        {
            var opportunity = await LoadVisibleOpportunityAsync(db, caller, id, context, ct);
            var pipeline = await PipelineStore.LoadAsync(db, ct);
            if (!pipeline.Definition.IsKnown(targetStage))
            {
                // Unknown target stage: bad input, whatever the opportunity's state.
                throw ApiErrors.Invalid(context, "targetStage", "pipeline.unknown_stage", $"未知阶段“{targetStage}”", $"Unknown stage '{targetStage}'");
            }
            CheckVersion(context, opportunity, expectedVersion);
            var decision = StageGate.CheckMove(pipeline.Definition, opportunity.Stage, targetStage,
                opportunity.CompletedActions.ToHashSet(StringComparer.Ordinal), OpportunityFields.Filled(opportunity.FieldValues));
            if (!decision.Allowed)
            {
                throw GateRefusal(context, decision);
            }

            var customer = await db.Customers.FindAsync([opportunity.CustomerId], ct)
                ?? throw new InvalidOperationException("Opportunity without customer.");
            var from = opportunity.Stage;
            var now = Now;
            opportunity.Stage = targetStage;
            if (targetStage == PipelineDefinition.WonKey)
            {
                opportunity.Status = OpportunityRecord.StatusWon;
                opportunity.ClosedAt = now;
                if (finalAmount is not null)
                {
                    (opportunity.Amount, opportunity.Currency) = (amount, currency);
                }
            }
            else if (targetStage == PipelineDefinition.LostKey)
            {
                opportunity.Status = OpportunityRecord.StatusLost;
                opportunity.ClosedAt = now;
                opportunity.LostReason = reason;
            }
            Touch(opportunity);
            db.EnqueueEvent(new StageChanged(opportunity.Id, opportunity.CustomerId, customer.OwnerUserId, from, targetStage, caller.UserId, opportunity.Version, now));
            if (targetStage == PipelineDefinition.WonKey)
            {
                db.EnqueueEvent(new OpportunityWon(opportunity.Id, opportunity.CustomerId, customer.LeadId, customer.OwnerUserId,
                    opportunity.Amount, opportunity.Currency, from, now));
            }
            else if (targetStage == PipelineDefinition.LostKey)
            {
                db.EnqueueEvent(new OpportunityLost(opportunity.Id, opportunity.CustomerId, customer.LeadId, customer.OwnerUserId, from, reason!, now));
            }
            return opportunity;
        });
    }

    /// <summary>
    /// A refused move. An incomplete playbook is FAILED_PRECONDITION whose PreconditionFailure lists
    /// every missing item and whose two LocalizedMessages carry the full list in zh-CN and en; an
    /// unknown stage is INVALID_ARGUMENT; every other refusal is FAILED_PRECONDITION.
    /// </summary>
    private static RpcException GateRefusal(ServerCallContext context, StageMoveDecision decision)
    {
        var error = decision.Errors[0];
        if (error.Code == "pipeline.unknown_stage")
        {
            return ApiError.FromDomain(decision.Errors).ToRpcException(context);
        }
        var english = RequestLanguage.IsEnglish(context);
        var details = new List<Google.Protobuf.IMessage>();
        if (decision.Missing.Count > 0)
        {
            var failure = new PreconditionFailure();
            foreach (var item in decision.Missing)
            {
                failure.Violations.Add(new PreconditionFailure.Types.Violation
                {
                    Type = item.Kind == PlaybookItemKind.Action ? "action" : "field",
                    Subject = item.Key,
                    Description = english ? item.Name.En : item.Name.Zh,
                });
            }
            details.Add(failure);
            details.Add(new LocalizedMessage { Locale = "zh-CN", Message = error.Message.Zh });
            details.Add(new LocalizedMessage { Locale = "en", Message = error.Message.En });
        }
        return new ApiError(StatusCode.FailedPrecondition, error.Code, error.Message, []).ToRpcException(context, [.. details]);
    }
}
