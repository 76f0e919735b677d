using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.StatusCards;
using SalesMesh.Activities.FollowUp.Touchpoints;
using SalesMesh.Activities.FollowUp.Witness;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.FollowUp;

/// <summary>
/// 60 days without an effective interaction → red. Fires no later than 60 days after the last
/// visit (a visit moves it only earlier, <see cref="FollowUpTimers.EnsureInactivityCheckBy"/>): one
/// that finds a visit less than 60 days old only moves itself to 60 days after it, evaluating
/// nothing (so it cannot disturb a person's override). While nothing happens it re-arms for another
/// 60 days: a card still inactive then is marked red again, the second red in a row that trips
/// LeadRouting's circuit breaker (LR-8).
/// </summary>
public sealed class StatusInactivityTimerHandler(ActivitiesDbContext db, FollowUpDirectory directory, StatusCardService statusCards, FollowUpTimers timers)
    : IDurableTimerHandler
{
    public async Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken)
    {
        var customer = await directory.FindCustomerAsync(Guid.Parse(timer.Key), cancellationToken);
        if (customer is null)
        {
            return;
        }
        var current = await StatusCardReads.LoadAsync(db, customer.Id, forUpdate: false, pending: null, cancellationToken);
        if (current.Facts.LastEffectiveInteractionAt is { } latest && latest + StatusEvaluator.InactivityLimit > timer.FiredAt)
        {
            timers.ScheduleInactivityCheck(customer.Id, latest + StatusEvaluator.InactivityLimit);
            return;
        }
        var reads = await statusCards.ReevaluateAsync(customer, StatusCardService.Trigger.InactivityCheck, timer.FiredAt, cancellationToken);
        var lastVisit = reads.Facts.LastEffectiveInteractionAt;
        var due = lastVisit is { } last && last + StatusEvaluator.InactivityLimit > timer.FiredAt
            ? last + StatusEvaluator.InactivityLimit
            : timer.FiredAt + StatusEvaluator.InactivityLimit;
        timers.ScheduleInactivityCheck(customer.Id, due);
    }
}

/// <summary>A witness review's due time (and each escalation step after it) passed: escalate if still unreviewed.</summary>
public sealed class ReviewEscalationTimerHandler(WitnessReviewService witness) : IDurableTimerHandler
{
    public Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken) =>
        witness.EscalateAsync(Guid.Parse(timer.Key), timer.FiredAt, cancellationToken);
}

/// <summary>2 hours after the agreed next touchpoint: alert the rep and supervisor unless the customer was followed up.</summary>
public sealed class TouchpointOverdueTimerHandler(TouchpointService touchpoints) : IDurableTimerHandler
{
    public Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken) =>
        touchpoints.CheckAsync(timer.PayloadAs<TouchpointTimerPayload>(), timer.FiredAt, cancellationToken);
}
