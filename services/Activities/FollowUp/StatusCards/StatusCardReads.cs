using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;

namespace SalesMesh.Activities.FollowUp.StatusCards;

/// <summary>
/// Everything one status-card evaluation reads, in one round trip (a visit record's submission,
/// which re-evaluates the card every time, sends these reads with its own: <see cref="StatusCardRows"/>): the stored card, the requirement confirmations, the latest
/// visit and the customer's opportunities — after taking the customer's lock when the card is to
/// be changed. <see cref="LargestOpenValue"/> (the largest open opportunity, the witness threshold's
/// default) comes from the same opportunity rows.
/// </summary>
public sealed record StatusCardReads(StatusCardRecord? Card, CustomerStatusFacts Facts, Money? LargestOpenValue)
{
    /// <param name="forUpdate">See <see cref="StatusCardRows.Add"/>.</param>
    /// <param name="pending">A visit record of this unit of work not saved yet (the submission hook runs before SaveChanges).</param>
    public static Task<StatusCardReads> LoadAsync(ActivitiesDbContext db, Guid customerId, bool forUpdate, StoredVisitRecord? pending,
        CancellationToken ct)
    {
        var batch = new StatementBatch();
        var rows = StatusCardRows.Add(batch, customerId, forUpdate, pending?.ClientRecordId);
        return batch.ReadAsync(db, async reader =>
        {
            await rows.ReadAsync(reader, db, ct);
            return rows.For(pending);
        }, ct);
    }
}
