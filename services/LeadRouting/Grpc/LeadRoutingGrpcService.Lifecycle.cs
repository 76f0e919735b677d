using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Leads;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    private const int MaxReasonLength = 500;
    private const int MaxNoteLength = 1000;

    public override async Task<MarkLeadViewedResponse> MarkLeadViewed(MarkLeadViewedRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var leadId = ParseLeadId(context, request.LeadId);
        var lead = await Run(context, () => lifecycle.MarkViewedAsync(leadId, caller, context.CancellationToken));
        return new MarkLeadViewedResponse { Lead = LeadMapper.ToProto(lead, full: true, RequestLanguage.Of(context)) };
    }

    public override async Task<RecordContactResponse> RecordContact(RecordContactRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var leadId = ParseLeadId(context, request.LeadId);
        var now = time.GetUtcNow();
        var violations = new List<Domain.Common.FieldViolation>();
        if (!LeadLifecycleService.ContactKinds.Contains(request.Kind))
            violations.Add(new("kind", "UNKNOWN_KIND", new("联系方式须为 call、wechat、visit、email 或 other", "The kind must be call, wechat, visit, email or other")));
        DateTimeOffset? contactedAt = null;
        if (request.ContactedAt is not null)
        {
            if (request.ContactedAt.Seconds is < -62135596800 or > 253402300799 || request.ContactedAt.Nanos is < 0 or >= 1_000_000_000)
                violations.Add(new("contactedAt", "INVALID_TIME", new("联系时间无效", "The contact time is invalid")));
            else
            {
                contactedAt = request.ContactedAt.ToDateTimeOffset();
                // No back-dating beyond a day and nothing in the future (PRODUCT LR-7 evidence rules).
                if (contactedAt > now.AddMinutes(5) || contactedAt < now.AddHours(-24))
                    violations.Add(new("contactedAt", "OUT_OF_RANGE", new("联系时间须在过去 24 小时内", "The contact time must be within the last 24 hours")));
            }
        }
        if (request.DurationSeconds is < 0 or > 86400)
            violations.Add(new("durationSeconds", "OUT_OF_RANGE", new("通话时长须在 0–86400 秒之间", "The duration must be 0–86400 seconds")));
        if (request.Note.Length > MaxNoteLength)
            violations.Add(new("note", "TOO_LONG", new($"备注最多 {MaxNoteLength} 个字符", $"The note is at most {MaxNoteLength} characters")));
        if (violations.Count > 0)
            throw RpcErrors.InvalidArgument(context, new("联系记录无效。", "The contact is invalid."), violations);

        var contact = new ContactToRecord(request.Kind, contactedAt, request.DurationSeconds == 0 ? null : request.DurationSeconds,
            string.IsNullOrWhiteSpace(request.Note) ? null : request.Note);
        var (lead, record, first) = await Run(context, () => lifecycle.RecordContactAsync(leadId, caller, contact, context.CancellationToken));
        return new RecordContactResponse
        {
            Lead = LeadMapper.ToProto(lead, full: true, RequestLanguage.Of(context)),
            FirstContact = first,
            ContactId = record.Id.ToString("D"),
        };
    }

    public override async Task<ReleaseLeadResponse> ReleaseLead(ReleaseLeadRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var leadId = ParseLeadId(context, request.LeadId);
        var reason = RequireReason(context, request.Reason);
        var lead = await Run(context, () => lifecycle.ReleaseAsync(leadId, caller, reason, context.CancellationToken));
        // Released: the caller no longer owns it, so from now on they see it masked.
        return new ReleaseLeadResponse { Lead = LeadMapper.ToProto(lead, full: caller.IsAdmin, RequestLanguage.Of(context)) };
    }

    public override async Task<ConvertLeadResponse> ConvertLead(ConvertLeadRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var leadId = ParseLeadId(context, request.LeadId);
        var lead = await Run(context, () => lifecycle.ConvertAsync(leadId, caller, context.CancellationToken));
        return new ConvertLeadResponse { Lead = LeadMapper.ToProto(lead, full: true, RequestLanguage.Of(context)) };
    }

    public override async Task<UndoMergeResponse> UndoMerge(UndoMergeRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsSupervisor)
            throw RpcErrors.PermissionDenied(context, "只有主管或管理员可以撤销合并。", "Only supervisors and admins can undo a merge.");
        if (!Guid.TryParse(request.MergeId, out var mergeId))
            throw RpcErrors.InvalidArgument(context, "mergeId", "合并 ID 须为 UUID", "The merge id must be a UUID");
        var reason = RequireReason(context, request.Reason);
        var (merge, split) = await Run(context, () => lifecycle.UndoMergeAsync(mergeId, caller, reason,
            async lead => LeadAccess.CanSee(caller, lead, await OwnerSupervisorAsync(lead, context.CancellationToken)), context.CancellationToken));
        return new UndoMergeResponse
        {
            OriginalLeadId = new() { Value = merge.LeadId.ToString("D") },
            NewLeadId = new() { Value = split.Id.ToString("D") },
            NewLeadStatus = LeadMapper.ToProto(split.Status),
        };
    }

    private static string RequireReason(ServerCallContext context, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw RpcErrors.InvalidArgument(context, "reason", "请填写原因", "A reason is required");
        if (reason.Length > MaxReasonLength)
            throw RpcErrors.InvalidArgument(context, "reason", $"原因最多 {MaxReasonLength} 个字符", $"The reason is at most {MaxReasonLength} characters");
        return reason.Trim();
    }

    /// <summary>Maps refusals to status codes; concurrent edits of one lead become ABORTED (retry).</summary>
    private static async Task<T> Run<T>(ServerCallContext context, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (LeadOperationException ex)
        {
            throw ex.Failure switch
            {
                LeadOperationFailure.NotFound => new RpcException(new Status(StatusCode.NotFound, ex.Text.For(RequestLanguage.Of(context)))),
                LeadOperationFailure.PermissionDenied => new RpcException(new Status(StatusCode.PermissionDenied, ex.Text.For(RequestLanguage.Of(context)))),
                _ => RpcErrors.FailedPrecondition(context, ex.Text),
            };
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RpcErrors.Aborted(context, "线索已被其他操作修改，请重试。", "The lead was changed by another operation; retry.");
        }
    }
}
