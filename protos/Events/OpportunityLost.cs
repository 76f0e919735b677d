using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// An opportunity was lost (MarkOpportunityLost, or AdvanceStage to "lost"; never gated). Published
/// by Activities through its outbox. Consumers: Insights (loss reasons), Attribution.
/// </summary>
/// <param name="OpportunityId">The opportunity.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="LeadId">The lead the customer was converted from, or null.</param>
/// <param name="OwnerUserId">The customer's owner (rep).</param>
/// <param name="FromStage">The stage it was lost from.</param>
/// <param name="Reason">The reason the rep gave (free text, no personal data expected).</param>
/// <param name="LostAtUtc">When it committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record OpportunityLost(
    Guid OpportunityId,
    Guid CustomerId,
    Guid? LeadId,
    string OwnerUserId,
    string FromStage,
    string Reason,
    DateTimeOffset LostAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.opportunity-lost";
}
