using Grpc.Core;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    private static readonly IReadOnlySet<string> DismissStateCodes = new HashSet<string>(["flag.already_dismissed"]);

    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var response = new ListAlertsResponse();
        response.Alerts.AddRange((await alerts.InboxAsync(caller.UserId, request.IncludeDismissed, context.CancellationToken)).Select(FollowUpMapping.Alert));
        return response;
    }

    public override async Task<DismissAlertResponse> DismissAlert(DismissAlertRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var alertId = FollowUpErrors.RequireId(context, request.AlertId, "alert_id");
        CheckLength(context, request.Note, MaxNoteLength, "note");
        var dismissed = await db.InTransactionAsync(async (_, ct) =>
        {
            var alert = await alerts.FindForRecipientAsync(alertId, caller.UserId, ct)
                ?? throw FollowUpErrors.NotFound(context, "alert", alertId.ToString());
            var result = alerts.Dismiss(alert, caller.UserId, request.Note, clock.GetUtcNow());
            return result.IsSuccess ? result.Value : throw Refusal(context, result.Errors, DismissStateCodes);
        }, context.CancellationToken);
        return new DismissAlertResponse { Alert = FollowUpMapping.Alert(dismissed) };
    }
}
