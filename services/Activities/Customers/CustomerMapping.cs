using SalesMesh.Activities.Data;
using SalesMesh.Activities.Grpc;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Customers;

public static class CustomerMapping
{
    public static Api.Customer ToApi(CustomerRecord customer, Caller caller)
    {
        var owner = CustomerAccess.IsOwner(customer, caller);
        var api = new Api.Customer
        {
            CustomerId = new CustomerId { Value = customer.Id.ToString() },
            OwnerUserId = new UserId { Value = customer.OwnerUserId },
            TeamId = customer.TeamId ?? "",
            Name = customer.Name,
            Contact = new Api.ContactDetails
            {
                Name = owner ? customer.ContactName ?? "" : ContactMasking.Name(customer.ContactName),
                Phone = owner ? customer.ContactPhone ?? "" : ContactMasking.Phone(customer.ContactPhone),
                Email = owner ? customer.ContactEmail ?? "" : ContactMasking.Email(customer.ContactEmail),
                Masked = !owner,
            },
            CreateTime = ProtoConversions.Time(customer.CreatedAt),
            Version = customer.Version,
        };
        if (customer.LeadId is { } leadId)
        {
            api.LeadId = new LeadId { Value = leadId.ToString() };
        }
        api.ProductTags.AddRange(customer.ProductTags);
        return api;
    }
}
