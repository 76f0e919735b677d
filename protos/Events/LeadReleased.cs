using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The owning rep gave a lead back to the public pool (释放, LR-7). The rep is then excluded from
/// routing this lead and waits out the re-claim cooldown. Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="RepUserId">The rep who released it.</param>
/// <param name="Reason">The rep's reason, as typed.</param>
/// <param name="ReleasedAtUtc">When the release committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadReleased(Guid LeadId, string RepUserId, string Reason, DateTimeOffset ReleasedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-released";
}
