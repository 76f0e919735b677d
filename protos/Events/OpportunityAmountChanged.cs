using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A person changed an open opportunity's expected amount (ActivitiesService.UpdateOpportunityAmount),
/// e.g. the real value of a customer converted from a lead became known. Published by Activities
/// through its outbox. Consumers: Insights (pipeline value), Revenue (forecast).
/// </summary>
/// <param name="OpportunityId">The opportunity.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="LeadId">The lead the customer was converted from, or null.</param>
/// <param name="OwnerUserId">The customer's owner (rep).</param>
/// <param name="PreviousAmount">The amount before (decimal, never floating point).</param>
/// <param name="PreviousCurrency">ISO 4217 code of <paramref name="PreviousAmount"/>.</param>
/// <param name="Amount">The new expected amount.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Amount"/>, e.g. "CNY".</param>
/// <param name="ChangedByUserId">Who changed it (the owner or a supervisor).</param>
/// <param name="Version">The opportunity's version after the change.</param>
/// <param name="ChangedAtUtc">When the change committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record OpportunityAmountChanged(
    Guid OpportunityId,
    Guid CustomerId,
    Guid? LeadId,
    string OwnerUserId,
    decimal PreviousAmount,
    string PreviousCurrency,
    decimal Amount,
    string Currency,
    string ChangedByUserId,
    int Version,
    DateTimeOffset ChangedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.opportunity-amount-changed";
}
