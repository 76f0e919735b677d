using SalesMesh.Activities.Data;
using SalesMesh.Activities.Grpc;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Customers;

public static class CustomerMapping
{
    /// <param name="supervisesOwner">Whether the roster names the caller as the owner's direct supervisor.</param>
    public static Api.Customer ToApi(CustomerRecord customer, Caller caller, bool supervisesOwner)
    {
        var full = CustomerAccess.SeesContactsInFull(customer, caller, supervisesOwner);
        var api = new Api.Customer
        {
            CustomerId = new CustomerId { Value = customer.Id.ToString() },
            OwnerUserId = new UserId { Value = customer.OwnerUserId },
            TeamId = customer.TeamId ?? "",
            Name = customer.Name,
            Contact = new Api.ContactDetails
            {
                Name = full ? customer.ContactName ?? "" : ContactMasking.Name(customer.ContactName),
                Phone = full ? customer.ContactPhone ?? "" : ContactMasking.Phone(customer.ContactPhone),
                Email = full ? customer.ContactEmail ?? "" : ContactMasking.Email(customer.ContactEmail),
                Masked = !full,
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
