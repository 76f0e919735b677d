using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The direct supervisor gave a witness-review verdict on a visit record (AC-5). Published by
/// Activities through its outbox; the rep's notifications and Insights (review punctuality) consume it.
/// </summary>
/// <param name="VisitRecordId">The reviewed record.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="RepUserId">The rep who submitted it.</param>
/// <param name="SupervisorUserId">Who reviewed.</param>
/// <param name="Verdict">"infoComplete", "needsDetail" or "risk".</param>
/// <param name="Note">The supervisor's note (mandatory for needsDetail and risk), or null.</param>
/// <param name="Late">True when the verdict came after the 2-hour due time.</param>
/// <param name="ReviewedAtUtc">Server time of the verdict.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record ReviewCompleted(
    Guid VisitRecordId,
    Guid CustomerId,
    string RepUserId,
    string SupervisorUserId,
    string Verdict,
    string? Note,
    bool Late,
    DateTimeOffset ReviewedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.review-completed";
}
