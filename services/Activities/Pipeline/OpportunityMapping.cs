using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Pipeline;
using SalesMesh.Activities.Grpc;
using SalesMesh.Contracts.Common.V1;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Pipeline;

public static class OpportunityMapping
{
    public static Api.Opportunity ToApi(OpportunityRecord opportunity)
    {
        var api = new Api.Opportunity
        {
            OpportunityId = new OpportunityId { Value = opportunity.Id.ToString() },
            CustomerId = new CustomerId { Value = opportunity.CustomerId.ToString() },
            Name = opportunity.Name,
            Stage = opportunity.Stage,
            Amount = ProtoConversions.ToMoney(opportunity.Amount, opportunity.Currency),
            Status = opportunity.Status switch
            {
                OpportunityRecord.StatusWon => Api.OpportunityStatus.Won,
                OpportunityRecord.StatusLost => Api.OpportunityStatus.Lost,
                _ => Api.OpportunityStatus.Open,
            },
            LostReason = opportunity.LostReason ?? "",
            CreateTime = ProtoConversions.Time(opportunity.CreatedAt),
            UpdateTime = ProtoConversions.Time(opportunity.UpdatedAt),
            CloseTime = ProtoConversions.Time(opportunity.ClosedAt),
            Version = opportunity.Version,
        };
        api.CompletedActions.AddRange(opportunity.CompletedActions);
        api.FieldValues.Add(OpportunityFields.Read(opportunity.FieldValues));
        return api;
    }

    public static Api.PlaybookItem ToApi(MissingPlaybookItem item) => new()
    {
        Kind = item.Kind == PlaybookItemKind.Action ? Api.PlaybookItemKind.Action : Api.PlaybookItemKind.Field,
        Key = item.Key,
        Name = ProtoConversions.Localized(item.Name),
    };
}
