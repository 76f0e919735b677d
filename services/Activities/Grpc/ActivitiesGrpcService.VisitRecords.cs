using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Sync;
using SalesMesh.Activities.VisitRecords;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    /// <summary>Reps with fewer records than this see exemplary records with each submission (AC-9).</summary>
    private const int NewRepRecordCount = 5;
    private const int ExamplesShown = 3;
    private const int MaxExemplaryNoteLength = 500;

    public override async Task<Api.SubmitVisitRecordResponse> SubmitVisitRecord(Api.SubmitVisitRecordRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var clientRecordId = ApiErrors.RequireId(context, request.ClientRecordId, "clientRecordId");
        var result = await visitRecords.WriteAsync(caller, clientRecordId, null, request.Content, context.CancellationToken);
        if (result.Error is { } error)
        {
            throw error.ToRpcException(context);
        }
        var record = result.Record!;
        var response = new Api.SubmitVisitRecordResponse
        {
            VisitRecord = VisitRecordMapping.ToApi(record, result.NewRecordFlags ?? await FlagsOfAsync([record.Id], context.CancellationToken)),
            Created = result.Outcome == SyncOutcome.Created,
        };
        if (!await HasLongRecordHistoryAsync(caller.UserId, context.CancellationToken))
        {
            var examples = await db.VisitRecords.AsNoTracking().Where(v => v.Exemplary && v.RepUserId != caller.UserId)
                .OrderByDescending(v => v.ExemplaryMarkedAt).Take(ExamplesShown).ToListAsync(context.CancellationToken);
            response.ExemplaryExamples.AddRange(examples.Select(v => VisitRecordMapping.ToApi(v, [])));
        }
        return response;
    }

    /// <summary>
    /// Reps known to have more than <see cref="NewRepRecordCount"/> records, per database. Records
    /// are never deleted, so once true it stays true, and most submissions skip the count.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, string RepId), bool> Veterans = new();

    private async Task<bool> HasLongRecordHistoryAsync(string repId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", repId);
        if (Veterans.ContainsKey(key))
        {
            return true;
        }
        // Counting stops past the threshold: a veteran's thousands of records are never read.
        var veteran = await db.VisitRecords.Where(v => v.RepUserId == repId).Take(NewRepRecordCount + 1).CountAsync(ct) > NewRepRecordCount;
        if (veteran)
        {
            Veterans.TryAdd(key, true);
        }
        return veteran;
    }

    public override async Task<Api.GetVisitRecordResponse> GetVisitRecord(Api.GetVisitRecordRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.VisitRecordId?.Value, "visitRecordId.value");
        var record = await LoadVisibleVisitRecordAsync(caller, id, context);
        return new Api.GetVisitRecordResponse { VisitRecord = VisitRecordMapping.ToApi(record, await FlagsOfAsync([record.Id], context.CancellationToken)) };
    }

    public override async Task<Api.ListVisitRecordsResponse> ListVisitRecords(Api.ListVisitRecordsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var byCustomer = !string.IsNullOrEmpty(request.CustomerId?.Value);
        var byOpportunity = !string.IsNullOrEmpty(request.OpportunityId?.Value);
        if (byCustomer == byOpportunity)
        {
            throw ApiErrors.Invalid(context, "customerId", "visit.filter_required",
                "请指定客户或商机中的一个", "Give exactly one of customerId and opportunityId");
        }
        var size = PageCursor.Size(context, request.Page?.PageSize ?? 0, 20, 100);
        var cursor = PageCursor.Decode(context, request.Page?.PageToken);
        IQueryable<StoredVisitRecord> query;
        if (byCustomer)
        {
            var customer = await CustomerAccess.LoadVisibleAsync(db, caller, ApiErrors.RequireId(context, request.CustomerId!.Value, "customerId.value"), context, context.CancellationToken);
            query = db.VisitRecords.AsNoTracking().Where(v => v.CustomerId == customer.Id);
        }
        else
        {
            var opportunity = await LoadVisibleOpportunityAsync(db, caller, ApiErrors.RequireId(context, request.OpportunityId!.Value, "opportunityId.value"), context, context.CancellationToken);
            query = db.VisitRecords.AsNoTracking().Where(v => v.OpportunityId == opportunity.Id);
        }
        var total = await query.LongCountAsync(context.CancellationToken);
        if (cursor is { } after)
        {
            query = query.Where(v => v.VisitedAt < after.Time || (v.VisitedAt == after.Time && v.Id.CompareTo(after.Id) < 0));
        }
        var page = await query.OrderByDescending(v => v.VisitedAt).ThenByDescending(v => v.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(size).ToList();
        var flags = await FlagsOfAsync([.. shown.Select(v => v.Id)], context.CancellationToken);
        var response = new Api.ListVisitRecordsResponse { Page = new PageResponse { TotalSize = total } };
        response.VisitRecords.AddRange(shown.Select(v => VisitRecordMapping.ToApi(v, flags.Where(f => f.SubjectId == v.Id))));
        if (page.Count > size)
        {
            response.Page.NextPageToken = new PageCursor(shown[^1].VisitedAt, shown[^1].Id).Encode();
        }
        return response;
    }

    public override async Task<Api.ListExemplaryVisitRecordsResponse> ListExemplaryVisitRecords(Api.ListExemplaryVisitRecordsRequest request, ServerCallContext context)
    {
        context.RequireCaller();
        var size = PageCursor.Size(context, request.Page?.PageSize ?? 0, 20, 100);
        var cursor = PageCursor.Decode(context, request.Page?.PageToken);
        var query = db.VisitRecords.AsNoTracking().Where(v => v.Exemplary);
        var total = await query.LongCountAsync(context.CancellationToken);
        if (cursor is { } after)
        {
            query = query.Where(v => v.ExemplaryMarkedAt < after.Time || (v.ExemplaryMarkedAt == after.Time && v.Id.CompareTo(after.Id) < 0));
        }
        var page = await query.OrderByDescending(v => v.ExemplaryMarkedAt).ThenByDescending(v => v.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(size).ToList();
        var response = new Api.ListExemplaryVisitRecordsResponse { Page = new PageResponse { TotalSize = total } };
        // Templates: content only, no flags (those concern the original rep and supervisor).
        response.VisitRecords.AddRange(shown.Select(v => VisitRecordMapping.ToApi(v, [])));
        if (page.Count > size)
        {
            response.Page.NextPageToken = new PageCursor(shown[^1].ExemplaryMarkedAt!.Value, shown[^1].Id).Encode();
        }
        return response;
    }

    public override async Task<Api.MarkExemplaryResponse> MarkExemplary(Api.MarkExemplaryRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsSupervisor)
        {
            throw ApiErrors.SupervisorOnly(context);
        }
        var id = ApiErrors.RequireId(context, request.VisitRecordId?.Value, "visitRecordId.value");
        var note = TextRules.IsBlank(request.Note) ? null : TextRules.Trim(request.Note);
        if (note is not null && TextRules.CountScalarValues(note) > MaxExemplaryNoteLength)
        {
            throw ApiErrors.Invalid(context, "note", "too_long", $"说明最多 {MaxExemplaryNoteLength} 个字", $"The note allows at most {MaxExemplaryNoteLength} characters");
        }
        var record = await Atomically(context, async (db, ct) =>
        {
            var record = await LoadVisibleVisitRecordAsync(caller, id, context);
            record.Exemplary = request.Exemplary;
            record.ExemplaryMarkedBy = request.Exemplary ? caller.UserId : null;
            record.ExemplaryMarkedAt = request.Exemplary ? Now : null;
            record.ExemplaryNote = request.Exemplary ? note : null;
            return record;
        });
        return new Api.MarkExemplaryResponse { VisitRecord = VisitRecordMapping.ToApi(record, await FlagsOfAsync([record.Id], context.CancellationToken)) };
    }

    /// <summary>A visit record whose customer the caller may see (tracked), or NOT_FOUND.</summary>
    private async Task<StoredVisitRecord> LoadVisibleVisitRecordAsync(Caller caller, Guid id, ServerCallContext context)
    {
        var visible = db.Customers.VisibleTo(db, caller);
        return await db.VisitRecords.Where(v => v.Id == id && visible.Any(c => c.Id == v.CustomerId)).SingleOrDefaultAsync(context.CancellationToken)
            ?? throw CustomerAccess.NotFound(context, "visitRecord", id);
    }

    private async Task<List<AutomaticFlagRecord>> FlagsOfAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken ct) =>
        await db.AutomaticFlags.AsNoTracking()
            .Where(f => f.SubjectType == AutomaticFlagRecord.SubjectVisitRecord && recordIds.Contains(f.SubjectId))
            .OrderBy(f => f.RaisedAt)
            .ToListAsync(ct);
}
