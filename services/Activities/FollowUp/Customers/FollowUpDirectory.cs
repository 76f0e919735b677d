using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.Domain.VisitRecords;

namespace SalesMesh.Activities.FollowUp.Customers;

/// <summary>A customer as follow-up needs it.</summary>
public sealed record FollowUpCustomer(Guid Id, string OwnerUserId, Guid? LeadId);

/// <summary>A submitted visit record as follow-up needs it.</summary>
public sealed record FollowUpVisit(Guid Id, Guid CustomerId, string RepId, DateTimeOffset VisitedAt, DateTimeOffset RecordedAt, string Summary,
    Guid? OpportunityId = null);

/// <summary>
/// Read-only access to the customer, opportunity, visit and roster tables AC-CORE owns, in the
/// caller's context (and so in its transaction). Decisions about what counts as what live here:
/// - an effective interaction is a submitted visit record (its visit time);
/// - need verified = an opportunity of the customer has "painPointsConfirmed" (痛点已确认) done;
/// - key person agrees = "keyPersonFeedbackCollected" (关键人反馈已收集) or "decisionMakerMet" (已会见决策人) done;
/// - budget = the most recent visit's budget;
/// - the customer's value (witness threshold) = the visit's opportunity amount, else the largest open opportunity (<see cref="Value"/>);
/// - a questionable source is not known to Activities yet (no such fact arrives from LeadRouting), so it is never set.
/// </summary>
public sealed class FollowUpDirectory(ActivitiesDbContext db)
{
    public const string NeedVerifiedAction = "painPointsConfirmed";
    public static readonly string[] KeyPersonActions = ["keyPersonFeedbackCollected", "decisionMakerMet"];

    public async Task<FollowUpCustomer?> FindCustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        return customer is null ? null : Describe(customer);
    }

    public static FollowUpCustomer Describe(CustomerRecord customer) => new(customer.Id, customer.OwnerUserId, customer.LeadId);

    /// <summary>
    /// The amount a visit's witness check compares with the threshold (AC-5): the visit's
    /// opportunity's, else <paramref name="largestOpen"/> (<c>StatusCardReads.LargestOpenValue</c>);
    /// null without an open opportunity.
    /// </summary>
    public static Money? Value(OpportunityRecord? visitOpportunity, Money? largestOpen) =>
        visitOpportunity is not null ? new Money(visitOpportunity.Amount, visitOpportunity.Currency) : largestOpen;

    /// <summary>The user's direct supervisor from the roster, or null.</summary>
    public Task<string?> FindSupervisorAsync(string userId, CancellationToken cancellationToken) =>
        db.Reps.AsNoTracking().Where(r => r.UserId == userId).Select(r => r.SupervisorUserId).FirstOrDefaultAsync(cancellationToken);

    public async Task<FollowUpVisit?> FindVisitAsync(Guid visitRecordId, CancellationToken cancellationToken)
    {
        var visit = await db.VisitRecords.AsNoTracking().SingleOrDefaultAsync(v => v.Id == visitRecordId, cancellationToken);
        return visit is null ? null : ToVisit(visit);
    }

    /// <summary>The customer's visits, newest visit first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<FollowUpVisit>> RecentVisitsAsync(Guid customerId, int max, CancellationToken cancellationToken)
    {
        var visits = await db.VisitRecords.AsNoTracking()
            .Where(v => v.CustomerId == customerId)
            .OrderByDescending(v => v.VisitedAt).ThenByDescending(v => v.RecordedAt)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. visits.Select(ToVisit)];
    }

    /// <summary>
    /// The visits of the customer and opportunity (null: visits without one) other than
    /// <paramref name="exceptId"/> recorded after <paramref name="after"/>, at most
    /// <paramref name="max"/>: the candidates for a follow-up of a touchpoint agreed then.
    /// </summary>
    public async Task<IReadOnlyList<FollowUpVisit>> VisitsRecordedAfterAsync(Guid customerId, Guid? opportunityId, DateTimeOffset after, Guid exceptId,
        int max, CancellationToken cancellationToken)
    {
        var visits = await db.VisitRecords.AsNoTracking()
            .Where(v => v.CustomerId == customerId && v.OpportunityId == opportunityId && v.Id != exceptId && v.RecordedAt > after)
            .OrderBy(v => v.RecordedAt)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. visits.Select(ToVisit)];
    }

    /// <summary>
    /// The facts of the status card from what <c>StatusCardReads</c> read: the latest stored visit
    /// other than <paramref name="pending"/>, a visit record added in the current unit of work but
    /// not saved yet (its new content counts), the completed actions of every opportunity of the
    /// customer, and the requirement confirmations.
    /// </summary>
    public static CustomerStatusFacts StatusFacts((DateTimeOffset At, string Budget)? latestStored, StoredVisitRecord? pending, Guid customerId,
        IEnumerable<string> completedActions, IReadOnlyList<StatusAttachment> attachments)
    {
        DateTimeOffset? lastVisit = latestStored?.At;
        string? budgetCode = latestStored?.Budget;
        if (pending is not null && pending.CustomerId == customerId && (lastVisit is null || pending.VisitedAt >= lastVisit))
        {
            lastVisit = pending.VisitedAt;
            budgetCode = pending.Budget;
        }
        BudgetStatus? budget = budgetCode is not null && VisitCodes.TryParse(VisitCodes.Budgets, budgetCode, out var parsed) ? parsed : null;
        var done = completedActions.ToHashSet(StringComparer.Ordinal);
        return new CustomerStatusFacts(
            NeedVerified: done.Contains(NeedVerifiedAction),
            Budget: budget,
            KeyPersonAgrees: KeyPersonActions.Any(done.Contains),
            SourceQuestionable: false,
            LastEffectiveInteractionAt: lastVisit,
            Attachments: attachments);
    }

    public static FollowUpVisit ToVisit(StoredVisitRecord visit) =>
        new(visit.Id, visit.CustomerId, visit.RepUserId, visit.VisitedAt, visit.RecordedAt, Summarize(visit), visit.OpportunityId);

    /// <summary>One line a supervisor can read at a glance: budget, biggest concern, what was promised, next topic.</summary>
    public static string Summarize(StoredVisitRecord visit)
    {
        var budget = VisitCodes.Budgets.FirstOrDefault(b => b.Code == visit.Budget).Label.Zh ?? visit.Budget;
        var concern = VisitCodes.Concerns.FirstOrDefault(c => c.Code == visit.BiggestConcern).Label.Zh ?? visit.BiggestConcern;
        var summary = $"预算：{budget}；最大顾虑：{concern}";
        if (!string.IsNullOrWhiteSpace(visit.PromisedDeliverableText))
        {
            summary += $"；承诺：{visit.PromisedDeliverableText}";
        }
        return summary + $"；下次议题：{visit.NextTouchpointTopic}";
    }
}
