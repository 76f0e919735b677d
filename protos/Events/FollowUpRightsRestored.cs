using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A supervisor approved the rep's invalid-lead appeal (LR-8): follow-up rights for the customer are
/// back and the lead is the rep's again. Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="CustomerId">The customer, or null when the revocation had none recorded.</param>
/// <param name="RepUserId">The rep whose rights are restored.</param>
/// <param name="AppealId">The approved appeal.</param>
/// <param name="SupervisorUserId">Who approved it.</param>
/// <param name="RestoredAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record FollowUpRightsRestored(
    Guid LeadId,
    Guid? CustomerId,
    string RepUserId,
    Guid AppealId,
    string SupervisorUserId,
    DateTimeOffset RestoredAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.follow-up-rights-restored";
}
