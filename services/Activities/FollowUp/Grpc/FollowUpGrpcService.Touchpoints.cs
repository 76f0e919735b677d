using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Touchpoints;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    private const int DefaultUpcomingDays = 7;
    private const int MaxUpcomingDays = 90;
    private const int MaxTouchpointsListed = 200;

    /// <summary>
    /// AC-6: the standing touchpoints of the customers the caller sees. A touchpoint stands while
    /// its record is the latest recorded one of its customer and opportunity — the same rule that
    /// arms the overdue timer (TouchpointService) — and its opportunity, if any, is open.
    /// </summary>
    public override async Task<ListTouchpointsResponse> ListTouchpoints(ListTouchpointsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (request.UpcomingDays is < 0 or > MaxUpcomingDays)
        {
            throw FollowUpErrors.Invalid(context, "upcoming_days", "request.out_of_range",
                new($"upcoming_days 必须在 0–{MaxUpcomingDays} 之间", $"upcoming_days must be 0–{MaxUpcomingDays}"));
        }
        Guid? customerId = null;
        if (!string.IsNullOrEmpty(request.CustomerId?.Value))
        {
            customerId = (await LoadCustomerAsync(context, caller, request.CustomerId)).Id;
        }
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(request.UpcomingDays == 0 ? DefaultUpcomingDays : request.UpcomingDays);

        var visible = db.Customers.VisibleTo(db, caller);
        var standing = await db.VisitRecords.AsNoTracking()
            .Where(v => visible.Any(c => c.Id == v.CustomerId) && (customerId == null || v.CustomerId == customerId))
            .Where(v => !db.VisitRecords.Any(later => later.CustomerId == v.CustomerId && later.OpportunityId == v.OpportunityId && later.Id != v.Id
                && (later.RecordedAt > v.RecordedAt || (later.RecordedAt == v.RecordedAt && later.Id.CompareTo(v.Id) > 0))))
            .Where(v => v.OpportunityId == null || db.Opportunities.Any(o => o.Id == v.OpportunityId && o.Status == OpportunityRecord.StatusOpen))
            .Where(v => v.NextTouchpointAt <= horizon)
            .OrderBy(v => v.NextTouchpointAt).ThenBy(v => v.Id)
            .Take(MaxTouchpointsListed)
            .ToListAsync(context.CancellationToken);

        var customerIds = standing.Select(v => v.CustomerId).Distinct().ToList();
        var opportunityIds = standing.Where(v => v.OpportunityId != null).Select(v => v.OpportunityId!.Value).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, context.CancellationToken);
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => opportunityIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, context.CancellationToken);

        var response = new ListTouchpointsResponse();
        foreach (var visit in standing)
        {
            var alertAt = visit.NextTouchpointAt + TouchpointAlerts.Grace;
            var touchpoint = new Touchpoint
            {
                CustomerId = FollowUpMapping.Customer(visit.CustomerId),
                CustomerName = customers.GetValueOrDefault(visit.CustomerId, ""),
                VisitRecordId = visit.Id.ToString(),
                Rep = FollowUpMapping.User(visit.RepUserId),
                Time = FollowUpMapping.Time(visit.NextTouchpointAt),
                Topic = visit.NextTouchpointTopic,
                State = now < visit.NextTouchpointAt ? TouchpointState.Upcoming
                    : now < alertAt ? TouchpointState.Due
                    : TouchpointState.Overdue,
                AlertTime = FollowUpMapping.Time(alertAt),
            };
            if (visit.OpportunityId is { } opportunityId)
            {
                touchpoint.OpportunityId = new OpportunityId { Value = opportunityId.ToString() };
                touchpoint.OpportunityName = opportunities.GetValueOrDefault(opportunityId, "");
            }
            touchpoint.Participants.AddRange(visit.NextTouchpointParticipants);
            response.Touchpoints.Add(touchpoint);
        }
        return response;
    }
}
