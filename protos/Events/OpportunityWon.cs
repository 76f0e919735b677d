using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// An opportunity was won (the last open stage's gate passed, or MarkOpportunityWon). Published by
/// Activities through its outbox. Consumers: Revenue (contract follow-up), Attribution, Insights.
/// </summary>
/// <param name="OpportunityId">The opportunity.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="LeadId">The lead the customer was converted from, or null (attribution, LR).</param>
/// <param name="OwnerUserId">The customer's owner (rep).</param>
/// <param name="Amount">Deal amount (decimal, never floating point).</param>
/// <param name="Currency">ISO 4217 code, e.g. "CNY".</param>
/// <param name="FromStage">The stage it was won from.</param>
/// <param name="WonAtUtc">When it committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record OpportunityWon(
    Guid OpportunityId,
    Guid CustomerId,
    Guid? LeadId,
    string OwnerUserId,
    decimal Amount,
    string Currency,
    string FromStage,
    DateTimeOffset WonAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.opportunity-won";
}
