using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A witness-review verdict was given on a visit record (AC-5) — by the review's supervisor, or by an
/// admin instead. Published by Activities through its outbox; the rep's notifications and Insights
/// (review punctuality) consume it.
/// </summary>
/// <param name="VisitRecordId">The reviewed record.</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="RepUserId">The rep who submitted it.</param>
/// <param name="SupervisorUserId">The review's supervisor: the rep's direct supervisor, or whoever took an unassigned review.</param>
/// <param name="Verdict">"infoComplete", "needsDetail" or "risk".</param>
/// <param name="Note">The reviewer's note (mandatory for needsDetail and risk), or null.</param>
/// <param name="Late">True when the verdict came after the 2-hour due time.</param>
/// <param name="ReviewedAtUtc">Server time of the verdict.</param>
/// <param name="ReviewerUserId">Who gave the verdict (the supervisor, or an admin); null in events published before it was added.</param>
/// <param name="ByAdmin">True when an admin gave the verdict on admin rights instead of the review's supervisor.</param>
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
    DateTimeOffset ReviewedAtUtc,
    string? ReviewerUserId = null,
    bool ByAdmin = false)
{
    public const string EventName = "salesmesh.activities.v1.review-completed";
}
