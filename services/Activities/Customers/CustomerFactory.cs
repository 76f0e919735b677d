using SalesMesh.Activities.Data;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Customers;

/// <summary>
/// Adds a new customer (and optionally its first opportunity in the first open stage) to the
/// context together with the CustomerCreated event, so both commit in the caller's SaveChanges.
/// Shared by CreateCustomer and the LeadConverted consumer. Input must already be validated.
/// </summary>
public static class CustomerFactory
{
    public sealed record NewCustomer(
        string OwnerUserId, string? TeamId, Guid? LeadId, string Name, string? ContactName, string? ContactPhone,
        string? ContactEmail, IReadOnlyList<string> ProductTags, string CreatedBy);

    public sealed record FirstOpportunity(string Name, decimal Amount, string Currency);

    public static (CustomerRecord Customer, OpportunityRecord? Opportunity) Add(ActivitiesDbContext db, NewCustomer input,
        FirstOpportunity? first, string firstStage, DateTimeOffset now)
    {
        var customer = new CustomerRecord
        {
            Id = Guid.CreateVersion7(now),
            OwnerUserId = input.OwnerUserId,
            TeamId = input.TeamId,
            LeadId = input.LeadId,
            Name = input.Name,
            ContactName = input.ContactName,
            ContactPhone = input.ContactPhone,
            ContactEmail = input.ContactEmail,
            ProductTags = [.. input.ProductTags],
            CreatedAt = now,
            CreatedBy = input.CreatedBy,
            Version = 1,
        };
        db.Customers.Add(customer);
        OpportunityRecord? opportunity = null;
        if (first is not null)
        {
            opportunity = AddOpportunity(db, customer.Id, first, firstStage, now);
        }
        db.EnqueueEvent(new CustomerCreated(customer.Id, customer.LeadId, customer.OwnerUserId, customer.TeamId,
            input.LeadId is null ? CustomerCreated.SourceManual : CustomerCreated.SourceLeadConversion, opportunity?.Id, now));
        return (customer, opportunity);
    }

    public static OpportunityRecord AddOpportunity(ActivitiesDbContext db, Guid customerId, FirstOpportunity input, string firstStage, DateTimeOffset now)
    {
        var opportunity = new OpportunityRecord
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            Name = input.Name,
            Stage = firstStage,
            Amount = input.Amount,
            Currency = input.Currency,
            Status = OpportunityRecord.StatusOpen,
            CompletedActions = [],
            FieldValues = OpportunityFields.Empty,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Opportunities.Add(opportunity);
        return opportunity;
    }
}
