using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;

namespace SalesMesh.Activities.VisitRecords;

/// <summary>
/// Extension point for what must happen atomically with a visit record write (e.g. AC-OPS opens a
/// witness review for high-value customers, AC-5). Every registered hook (DI, scoped or singleton:
/// <c>services.AddScoped&lt;IVisitRecordSubmittedHook, MyHook&gt;()</c>) is called INSIDE the
/// submission transaction, after validation and rules passed and the record was added to
/// <see cref="VisitRecordSubmission.Db"/>, before SaveChanges. Add entities, schedule timers or
/// enqueue events on that same context; do not call SaveChanges. Throwing rolls the whole
/// submission back (an RpcException reaches the client as is).
/// </summary>
public interface IVisitRecordSubmittedHook
{
    Task OnSubmittedAsync(VisitRecordSubmission submission, CancellationToken cancellationToken);
}

/// <summary>
/// One visit record write. <see cref="IsNewRecord"/> is false for an offline edit applied by sync
/// (a new <see cref="StoredVisitRecord.Version"/> of an existing record). <see cref="RepAsync"/> is
/// the submitting rep's roster entry (direct supervisor: <c>SupervisorUserId</c>), null when the
/// roster has not told us about them yet; read on first use, since most writes never need it.
/// <see cref="Opportunity"/> is null for a record not tied to an opportunity. <see cref="Now"/> is
/// the server time stamped on the record.
/// </summary>
public sealed record VisitRecordSubmission(
    ActivitiesDbContext Db,
    StoredVisitRecord Record,
    CustomerRecord Customer,
    OpportunityRecord? Opportunity,
    bool IsNewRecord,
    DateTimeOffset Now)
{
    private Task<RepRecord?>? _rep;

    public Task<RepRecord?> RepAsync(CancellationToken cancellationToken) =>
        _rep ??= Db.Reps.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == Record.RepUserId, cancellationToken);
}
