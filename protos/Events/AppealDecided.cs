using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A supervisor decided an invalid-lead appeal (LR-8). On approval <see cref="FollowUpRightsRestored"/>
/// is published with it. Published by LeadRouting through its outbox.
/// </summary>
/// <param name="AppealId">The appeal.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="RepUserId">The appellant.</param>
/// <param name="SupervisorUserId">Who decided.</param>
/// <param name="Approved">True when approved.</param>
/// <param name="Reason">The supervisor's reason, as typed.</param>
/// <param name="DecidedAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record AppealDecided(Guid AppealId, Guid LeadId, string RepUserId, string SupervisorUserId, bool Approved, string Reason, DateTimeOffset DecidedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.appeal-decided";
}
