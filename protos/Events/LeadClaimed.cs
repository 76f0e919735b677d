using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A rep claimed a lead from the public pool (认领, LR-7); its SLA clocks start. Published by
/// LeadRouting through its outbox, together with the <c>LeadAssigned</c> of the claim.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="RepUserId">The claimant, now the owner.</param>
/// <param name="ClaimsToday">The rep's claims on this Asia/Shanghai day, this one included.</param>
/// <param name="ClaimedAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadClaimed(Guid LeadId, string RepUserId, int ClaimsToday, DateTimeOffset ClaimedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-claimed";
}
