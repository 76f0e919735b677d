using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The owning rep recorded a contact with the lead (LR-4: the first one satisfies the first-call
/// clock; every one counts as a follow-up for routing). Published by LeadRouting through its outbox.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="ContactId">The recorded contact.</param>
/// <param name="RepUserId">The rep who made the contact.</param>
/// <param name="Kind"><c>call</c>, <c>wechat</c>, <c>visit</c>, <c>email</c> or <c>other</c>.</param>
/// <param name="FirstContact">True for the lead's first recorded contact.</param>
/// <param name="ContactedAtUtc">When the contact happened (as recorded, UTC).</param>
/// <param name="RecordedAtUtc">When it was recorded (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadContacted(
    Guid LeadId,
    Guid ContactId,
    string RepUserId,
    string Kind,
    bool FirstContact,
    DateTimeOffset ContactedAtUtc,
    DateTimeOffset RecordedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-contacted";
}
