using Microsoft.EntityFrameworkCore;
using Npgsql;
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
    /// <summary>
    /// Optional: adds the reads <see cref="OnSubmittedAsync"/> will need to the submission's own
    /// first read batch — one round trip for all of them (the submission's hot path) — and returns
    /// what reads their results; <see cref="VisitRecordSubmission.Prefetched"/> hands it back. Runs
    /// inside the transaction before anything is decided, so the submission may still be refused
    /// (then nothing read is used, and tracked rows stay unchanged).
    /// </summary>
    ISubmissionPrefetch? Prefetch(StatementBatch batch, SubmissionKeys keys) => null;

    Task OnSubmittedAsync(VisitRecordSubmission submission, CancellationToken cancellationToken);
}

/// <summary>What is known of a submission before its reads: the ids the request names.</summary>
public sealed record SubmissionKeys(Guid CustomerId, Guid ClientRecordId, Guid? OpportunityId);

/// <summary>A hook's part of the submission's read batch.</summary>
public interface ISubmissionPrefetch
{
    /// <summary>
    /// Reads this part's results: the reader is on the first of them, and is left on the result
    /// after the last (each result is followed by <c>NextResultAsync</c>).
    /// </summary>
    Task ReadAsync(NpgsqlDataReader reader, ActivitiesDbContext db, CancellationToken ct);
}

/// <summary>
/// One visit record write. <see cref="IsNewRecord"/> is false for an offline edit applied by sync
/// (a new <see cref="StoredVisitRecord.Version"/> of an existing record). <see cref="RepAsync"/> is
/// the submitting rep's roster entry (direct supervisor: <c>SupervisorUserId</c>), null when the
/// roster has not told us about them yet; read on first use, since most writes never need it.
/// <see cref="Opportunity"/> is null for a record not tied to an opportunity. <see cref="Now"/> is
/// the server time stamped on the record. <see cref="Prefetched"/> holds what each hook's
/// <see cref="IVisitRecordSubmittedHook.Prefetch"/> read.
/// </summary>
public sealed record VisitRecordSubmission(
    ActivitiesDbContext Db,
    StoredVisitRecord Record,
    CustomerRecord Customer,
    OpportunityRecord? Opportunity,
    bool IsNewRecord,
    DateTimeOffset Now,
    IReadOnlyDictionary<IVisitRecordSubmittedHook, ISubmissionPrefetch> Prefetched)
{
    private Task<RepRecord?>? _rep;

    public Task<RepRecord?> RepAsync(CancellationToken cancellationToken) =>
        _rep ??= Db.Reps.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == Record.RepUserId, cancellationToken);
}
