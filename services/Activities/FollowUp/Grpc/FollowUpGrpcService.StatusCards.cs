using Grpc.Core;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.Contracts.Activities.V1;
using DomainCard = SalesMesh.Activities.Domain.StatusCards.StatusCard;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    /// <summary>Refusals that are about the card's state, not the request (FAILED_PRECONDITION).</summary>
    private static readonly IReadOnlySet<string> OverrideStateCodes = new HashSet<string>(
        ["status.override_window_closed", "status.not_evaluated", "status.green_requires_requirement_pdf"]);

    public override async Task<GetStatusCardResponse> GetStatusCard(GetStatusCardRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var ct = context.CancellationToken;
        var customer = await LoadCustomerAsync(context, caller, request.CustomerId);
        var card = await statusCards.FindAsync(customer.Id, ct);
        if (card is not null)
        {
            return new GetStatusCardResponse { Card = FollowUpMapping.Card(customer.Id, card, provisional: false) };
        }
        // No fact has arrived yet: show what the automation would say now, without storing a marking.
        var described = FollowUpDirectory.Describe(customer);
        var evaluation = await statusCards.EvaluateAsync(described, clock.GetUtcNow(), ct);
        return new GetStatusCardResponse { Card = FollowUpMapping.Card(customer.Id, new DomainCard(customer.Id.ToString(), evaluation, null, 0), provisional: true) };
    }

    public override async Task<OverrideStatusCardResponse> OverrideStatusCard(OverrideStatusCardRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var ct = context.CancellationToken;
        var customer = await LoadCustomerAsync(context, caller, request.CustomerId);
        if (FollowUpMapping.Color(request.Color) is not { } color)
        {
            throw FollowUpErrors.Invalid(context, "color", "status.color_required", new("请选择颜色（绿/黄/红）", "Choose a colour (green / yellow / red)"));
        }
        CheckLength(context, request.Reason, MaxReasonLength, "reason");
        if (customer.OwnerUserId != caller.UserId && !caller.IsSupervisor)
        {
            throw context.PermissionDenied("只有客户负责人或主管可以修改状态卡", "Only the customer's owner or a supervisor may override the status card");
        }
        var described = FollowUpDirectory.Describe(customer);
        var outcome = await db.InTransactionAsync(async (_, innerCt) =>
        {
            var result = await statusCards.OverrideAsync(described, color, request.Reason, caller.UserId, clock.GetUtcNow(), innerCt);
            return result.IsSuccess ? result.Value : throw Refusal(context, result.Errors, OverrideStateCodes);
        }, ct);
        var response = new OverrideStatusCardResponse { Card = FollowUpMapping.Card(customer.Id, outcome.Card, provisional: false) };
        if (outcome.CreatedTask is { } task)
        {
            response.CreatedTask = FollowUpMapping.Task(task);
        }
        return response;
    }
}
