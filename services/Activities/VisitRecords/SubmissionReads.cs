using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Rules;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.VisitRecords;

/// <summary>
/// What a visit-record write reads before it decides, in one round trip: whether the client id is
/// already stored, the customer if the caller may see it (null: unknown or not theirs; not tracked),
/// and the version of the rule set in force.
/// </summary>
public sealed record SubmissionReads(bool ClientIdStored, CustomerRecord? Customer, int RuleSetVersion)
{
    public static Task<SubmissionReads> LoadAsync(ActivitiesDbContext db, Caller caller, Guid clientRecordId, Guid? customerId, CancellationToken ct)
    {
        var batch = new StatementBatch().Add("SELECT 1 FROM activities.visit_records WHERE client_record_id = $1", clientRecordId);
        RuleSetStore.AddCurrentVisitRecordVersion(batch);
        if (customerId is { } id)
        {
            batch.AddVisibleCustomer(caller, id);
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
            }
            return new SubmissionReads(stored, customer, version);
        }, ct);
    }
}
