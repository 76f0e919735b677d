using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The owning rep opened a newly assigned lead for the first time (LR-4 view clock satisfied).
/// Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="RepUserId">The owner who viewed it.</param>
/// <param name="AssignedAtUtc">When the current assignment was made (the view clock's start).</param>
/// <param name="ViewedAtUtc">When it was viewed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadViewed(Guid LeadId, string RepUserId, DateTimeOffset? AssignedAtUtc, DateTimeOffset ViewedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-viewed";
}
