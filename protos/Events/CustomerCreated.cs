using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A customer was created in Activities (AC-1): by hand, or from LeadRouting's LeadConverted event.
/// Published by Activities through its outbox. Carries ids only (no name or contact details:
/// every subscriber can read events). Consumers: Insights, Attribution.
/// </summary>
/// <param name="CustomerId">Activities' customer id.</param>
/// <param name="LeadId">The converted lead, or null when created by hand.</param>
/// <param name="OwnerUserId">The owning rep.</param>
/// <param name="TeamId">The owner's team, or null.</param>
/// <param name="Source">"lead-conversion" or "manual".</param>
/// <param name="FirstOpportunityId">The opportunity created with the customer, or null.</param>
/// <param name="CreatedAtUtc">When it committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record CustomerCreated(
    Guid CustomerId,
    Guid? LeadId,
    string OwnerUserId,
    string? TeamId,
    string Source,
    Guid? FirstOpportunityId,
    DateTimeOffset CreatedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.customer-created";

    public const string SourceLeadConversion = "lead-conversion";
    public const string SourceManual = "manual";
}
