using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A visit record (拜访纪要, AC-3) was stored: submitted online, created by offline sync, or a new
/// version of it applied by sync (<paramref name="Version"/> &gt; 1). Published by Activities
/// through its outbox in the same transaction as the record. Consumers: Activities' follow-up
/// (touchpoint alerts, witness review), Insights.
/// </summary>
/// <param name="VisitRecordId">Activities' id of the record.</param>
/// <param name="ClientRecordId">The client-generated id (offline capture, AC-8).</param>
/// <param name="CustomerId">The visited customer.</param>
/// <param name="OpportunityId">The opportunity the visit was for, or null.</param>
/// <param name="LeadId">The LeadRouting lead the customer was converted from, or null.</param>
/// <param name="RepUserId">The rep who recorded the visit.</param>
/// <param name="Version">1 for a new record; higher for an edit applied by sync.</param>
/// <param name="VisitedAtUtc">When the visit took place (as reported, UTC).</param>
/// <param name="RecordedAtUtc">When the server stored this version (server clock, UTC).</param>
/// <param name="Budget">Budget code: confirmedAbove500k / confirmedBelow500k / unconfirmed.</param>
/// <param name="BiggestConcern">Concern code, e.g. budgetInsufficient.</param>
/// <param name="ObjectionType">Objection code, or null.</param>
/// <param name="NextTouchpointAtUtc">The agreed next touchpoint (UTC).</param>
/// <param name="RuleSetId">Rule set the record was checked against.</param>
/// <param name="RuleSetVersion">Its version.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record VisitLogged(
    Guid VisitRecordId,
    Guid ClientRecordId,
    Guid CustomerId,
    Guid? OpportunityId,
    Guid? LeadId,
    string RepUserId,
    int Version,
    DateTimeOffset VisitedAtUtc,
    DateTimeOffset RecordedAtUtc,
    string Budget,
    string BiggestConcern,
    string? ObjectionType,
    DateTimeOffset NextTouchpointAtUtc,
    string RuleSetId,
    int RuleSetVersion)
{
    public const string EventName = "salesmesh.activities.v1.visit-logged";
}
