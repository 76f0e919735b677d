using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The circuit breaker tripped (熔断, LR-8): the customer was marked red twice in a row, so the lead
/// went to the cleaning pool and the rep lost follow-up rights for that customer until a supervisor
/// approves an appeal. Published by LeadRouting through its outbox; Activities may lock the
/// customer for that rep.
/// </summary>
/// <param name="LeadId">The lead.</param>
/// <param name="CustomerId">Activities' customer the red statuses were about.</param>
/// <param name="RepUserId">The rep who lost the rights.</param>
/// <param name="ConsecutiveReds">Reds in a row that tripped it.</param>
/// <param name="ReasonZh">Why, in Chinese.</param>
/// <param name="ReasonEn">The same in English.</param>
/// <param name="RevokedAtUtc">When it committed (service clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record FollowUpRightsRevoked(
    Guid LeadId,
    Guid CustomerId,
    string RepUserId,
    int ConsecutiveReds,
    string ReasonZh,
    string ReasonEn,
    DateTimeOffset RevokedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.follow-up-rights-revoked";
}
