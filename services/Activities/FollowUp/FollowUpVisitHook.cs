using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.StatusCards;
using SalesMesh.Activities.FollowUp.Touchpoints;
using SalesMesh.Activities.FollowUp.Witness;
using SalesMesh.Activities.VisitRecords;

namespace SalesMesh.Activities.FollowUp;

/// <summary>
/// Everything follow-up does when a visit record is written, inside AC-CORE's submission
/// transaction (so none of it can be lost or happen for a record that was rolled back):
/// re-evaluate the status card (an effective interaction), move the 60-day inactivity timer,
/// arm the touchpoint timer for the agreed next touchpoint (re-arm it when an offline edit moves
/// it), and open a witness review when the customer's value is above the threshold.
/// </summary>
public sealed class FollowUpVisitHook(
    StatusCardService statusCards,
    TouchpointService touchpoints,
    WitnessReviewService witness,
    FollowUpTimers timers) : IVisitRecordSubmittedHook
{
    /// <summary>
    /// The status card and its facts, under the customer's lock, with the submission's own reads —
    /// and the inactivity and touchpoint timers moved below, so SaveChanges needs no lookup for them.
    /// </summary>
    public ISubmissionPrefetch? Prefetch(StatementBatch batch, SubmissionKeys keys) =>
        StatusCardRows.Add(batch, keys.CustomerId, forUpdate: true, keys.ClientRecordId,
            [(FollowUpTimers.StatusInactivity, keys.CustomerId.ToString()),
             (FollowUpTimers.TouchpointOverdue, FollowUpTimers.TouchpointKey(keys.CustomerId, keys.OpportunityId))]);

    public async Task OnSubmittedAsync(VisitRecordSubmission submission, CancellationToken cancellationToken)
    {
        var record = submission.Record;
        var customer = FollowUpDirectory.Describe(submission.Customer);
        var prefetched = submission.Prefetched.GetValueOrDefault(this) as StatusCardRows;
        var reads = await statusCards.ReevaluateAsync(customer, StatusCardService.Trigger.FactsChanged, submission.Now, cancellationToken, record, prefetched);
        // The facts' last effective interaction is the latest visit, this one included.
        var latest = reads.Facts.LastEffectiveInteractionAt ?? record.VisitedAt;
        timers.EnsureInactivityCheckBy(customer.Id, latest + StatusEvaluator.InactivityLimit);

        if (submission.IsNewRecord)
        {
            touchpoints.Arm(record, submission.Now);
            // The card's reads include the customer's opportunities: the value needs no query of its own.
            var value = FollowUpDirectory.Value(submission.Opportunity, reads.LargestOpenValue);
            if (witness.MayRequireReview(value))
            {
                var rep = await submission.RepAsync(cancellationToken);
                await witness.OpenIfRequiredAsync(customer, value, record, rep?.SupervisorUserId, rep?.TeamId ?? submission.Customer.TeamId,
                    submission.Now, cancellationToken);
            }
        }
        else
        {
            // An offline edit needs no second review, but a moved touchpoint is a new agreement.
            await touchpoints.RearmAfterEditAsync(record, submission.Now, cancellationToken);
        }
    }
}
