using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Rules;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.VisitRecords;

/// <summary>
/// What a visit-record write reads before it decides, in one round trip: whether the client id is
/// already stored, the customer if the caller may see it (null: unknown or not theirs; not tracked),
/// the version of the rule set in force — and whatever the hooks prefetch for after the decision
/// (<see cref="Prefetched"/>: the status card and its facts, under the customer's lock).
/// </summary>
public sealed record SubmissionReads(bool ClientIdStored, CustomerRecord? Customer, int RuleSetVersion,
    IReadOnlyDictionary<IVisitRecordSubmittedHook, ISubmissionPrefetch> Prefetched)
{
    public static Task<SubmissionReads> LoadAsync(ActivitiesDbContext db, Caller caller, Guid clientRecordId, Guid? customerId, Guid? opportunityId,
        IEnumerable<IVisitRecordSubmittedHook> hooks, CancellationToken ct)
    {
        var batch = new StatementBatch().Add("SELECT 1 FROM activities.visit_records WHERE client_record_id = $1", clientRecordId);
        RuleSetStore.AddCurrentVisitRecordVersion(batch);
        Dictionary<IVisitRecordSubmittedHook, ISubmissionPrefetch> prefetched = [];
        if (customerId is { } id)
        {
            batch.AddVisibleCustomer(caller, id);
            // Without a customer id the record is refused, so the hooks never run.
            var keys = new SubmissionKeys(id, clientRecordId, opportunityId);
            foreach (var hook in hooks)
            {
                if (hook.Prefetch(batch, keys) is { } prefetch)
                {
                    prefetched[hook] = prefetch;
                }
            }
        }
        return batch.ReadAsync(db, async reader =>
        {
            var stored = await reader.ReadAsync(ct);
            await reader.NextResultAsync(ct);
            var version = await RuleSetStore.ReadVersionAsync(reader, ct);
            CustomerRecord? customer = null;
            if (customerId is not null)
            {
                await reader.NextResultAsync(ct);
                customer = await CustomerAccess.ReadCustomerAsync(reader, ct);
                await reader.NextResultAsync(ct);
                foreach (var prefetch in prefetched.Values)
                {
                    await prefetch.ReadAsync(reader, db, ct);
                }
            }
            return new SubmissionReads(stored, customer, version, prefetched);
        }, ct);
    }
}
