using Grpc.Core;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.Activities.FollowUp.StatusCards;
using SalesMesh.Activities.FollowUp.Witness;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

/// <summary>
/// FollowUpService (protos/salesmesh/activities/v1/follow_up_service.proto). Every method starts
/// from the verified caller; customers are loaded through AC-CORE's <see cref="CustomerAccess"/>,
/// so someone else's customer is NOT_FOUND exactly like a missing one. One partial file per area.
/// </summary>
public sealed partial class FollowUpGrpcService(
    ActivitiesDbContext db,
    DocumentService documents,
    StatusCardService statusCards,
    WitnessReviewService witness,
    AlertService alerts,
    TimeProvider clock) : FollowUpService.FollowUpServiceBase
{
    public const int MaxReasonLength = 500;
    public const int MaxNoteLength = 1000;

    private async Task<CustomerRecord> LoadCustomerAsync(ServerCallContext context, Caller caller, CustomerId? id)
    {
        var customerId = FollowUpErrors.RequireId(context, id?.Value, "customer_id.value");
        return await CustomerAccess.LoadVisibleAsync(db, caller, customerId, context, context.CancellationToken);
    }

    /// <summary>INVALID_ARGUMENT for input errors among <paramref name="errors"/>, else FAILED_PRECONDITION for the first state error.</summary>
    private static RpcException Refusal(ServerCallContext context, IReadOnlyList<DomainError> errors, IReadOnlySet<string> stateCodes)
    {
        var input = errors.Where(e => !stateCodes.Contains(e.Code)).ToList();
        return input.Count > 0 ? FollowUpErrors.Invalid(context, input) : FollowUpErrors.FailedPrecondition(context, errors[0]);
    }

    private static void CheckLength(ServerCallContext context, string? text, int max, string field)
    {
        if (text is not null && TextRules.CountScalarValues(text) > max)
        {
            throw FollowUpErrors.Invalid(context, field, "request.too_long", new($"{field} 最多 {max} 个字符", $"{field} is at most {max} characters"));
        }
    }
}
