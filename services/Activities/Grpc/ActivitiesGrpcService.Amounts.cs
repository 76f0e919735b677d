using Grpc.Core;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    /// <summary>
    /// The expected amount of an open opportunity. Whoever sees the customer may change it: its
    /// owner, a supervisor of the owner (team or direct) or an admin — visibility is exactly that
    /// set, so loading the opportunity is the permission check. The witness threshold (AC-5)
    /// reads this amount at the next visit record.
    /// </summary>
    public override async Task<UpdateOpportunityAmountResponse> UpdateOpportunityAmount(UpdateOpportunityAmountRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.OpportunityId?.Value, "opportunityId.value");
        if (request.Amount is null)
        {
            throw ApiErrors.Invalid(context, "amount", "opportunity.amount_required", "请填写预计金额", "The expected amount is required");
        }
        var problems = new List<FieldProblem>();
        var (amount, currency) = ProtoConversions.FromMoney(request.Amount, "amount", problems);
        ThrowIfAny(problems, context);

        var opportunity = await Atomically(context, async (db, ct) =>
        {
            var opportunity = await LoadVisibleOpportunityAsync(db, caller, id, context, ct);
            CheckVersion(context, opportunity, request.ExpectedVersion);
            RequireOpen(context, opportunity);
            if (opportunity.Amount == amount && opportunity.Currency == currency)
            {
                return opportunity;
            }
            var customer = await db.Customers.FindAsync([opportunity.CustomerId], ct)
                ?? throw new InvalidOperationException("Opportunity without customer.");
            var (previousAmount, previousCurrency) = (opportunity.Amount, opportunity.Currency);
            (opportunity.Amount, opportunity.Currency) = (amount, currency);
            Touch(opportunity);
            db.EnqueueEvent(new OpportunityAmountChanged(opportunity.Id, opportunity.CustomerId, customer.LeadId, customer.OwnerUserId,
                previousAmount, previousCurrency, amount, currency, caller.UserId, opportunity.Version, opportunity.UpdatedAt));
            return opportunity;
        });
        return new UpdateOpportunityAmountResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
    }
}
