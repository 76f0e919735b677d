using Grpc.Core;
using SalesMesh.Activities.Domain.Sync;
using SalesMesh.Activities.VisitRecords;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    private const int MaxSyncItems = 100;

    /// <summary>
    /// AC-8: each item is decided and written on its own (its own transaction), in order, so a
    /// refused item never blocks the others and a later item sees what an earlier one stored.
    /// </summary>
    public override async Task<Api.SyncVisitRecordsResponse> SyncVisitRecords(Api.SyncVisitRecordsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (request.Items.Count is 0 or > MaxSyncItems)
        {
            throw ApiErrors.Invalid(context, "items", "sync.batch_size", $"每批 1–{MaxSyncItems} 条", $"A batch holds 1–{MaxSyncItems} items");
        }
        var english = RequestLanguage.IsEnglish(context);
        var response = new Api.SyncVisitRecordsResponse();
        for (int i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var result = new Api.SyncVisitRecordResult { ClientRecordId = item.ClientRecordId ?? "" };
            if (!Guid.TryParse(item.ClientRecordId, out var clientId) || clientId == Guid.Empty || item.BaseVersion < 0)
            {
                result.Outcome = Api.SyncOutcome.Rejected;
                result.Error = new Api.SyncItemError
                {
                    Code = "sync.invalid_item",
                    Message = english ? "The client record id must be a UUID and the base version ≥ 0" : "客户端记录编号必须是 UUID，基础版本不能为负数",
                };
                response.Results.Add(result);
                continue;
            }
            var written = await visitRecords.WriteAsync(caller, clientId, item.BaseVersion == 0 ? null : item.BaseVersion, item.Content, context.CancellationToken);
            result.Outcome = written.Outcome switch
            {
                SyncOutcome.Created => Api.SyncOutcome.Created,
                SyncOutcome.Updated => Api.SyncOutcome.Updated,
                SyncOutcome.AlreadyApplied => Api.SyncOutcome.AlreadyApplied,
                SyncOutcome.Conflict => Api.SyncOutcome.Conflict,
                _ => Api.SyncOutcome.Rejected,
            };
            if (written.Record is { } record)
            {
                result.ServerVersion = record.Version;
                result.VisitRecord = VisitRecordMapping.ToApi(record, written.NewRecordFlags ?? await FlagsOfAsync([record.Id], context.CancellationToken));
            }
            if (written.Error is { } error)
            {
                result.Error = new Api.SyncItemError { Code = error.Reason, Message = english ? error.Message.En : error.Message.Zh };
                result.Error.FieldViolations.AddRange(error.Fields.Select(f => new Api.SyncFieldViolation
                {
                    Field = f.Field,
                    Description = english ? f.Description.En : f.Description.Zh,
                    Reason = f.Reason,
                }));
            }
            response.Results.Add(result);
        }
        return response;
    }
}
