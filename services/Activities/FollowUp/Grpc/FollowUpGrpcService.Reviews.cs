using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Activities.FollowUp.Witness;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    private static readonly IReadOnlySet<string> VerdictStateCodes = new HashSet<string>(["witness.already_reviewed"]);

    public override async Task<ListReviewQueueResponse> ListReviewQueue(ListReviewQueueRequest request, ServerCallContext context)
    {
        var caller = RequireSupervisor(context);
        // Own reviews, plus the unassigned ones routed to the caller's team (all of them for admins). An admin may
        // also decide another supervisor's review (WitnessReviewService.MayReview) but does not queue them all.
        var (userId, teamId, admin) = (caller.UserId, caller.TeamId, caller.IsAdmin);
        var reviews = await db.Set<WitnessReviewRecord>().AsNoTracking()
            .Where(r => r.SupervisorId == userId || (r.SupervisorId == null && (admin || (teamId != null && r.TeamId == teamId))))
            .Where(r => request.IncludeCompleted || r.Verdict == null)
            .OrderBy(r => r.Verdict != null).ThenBy(r => r.Verdict == null ? r.DueAt : DateTimeOffset.MinValue).ThenByDescending(r => r.ReviewedAt)
            .Take(500)
            .ToListAsync(context.CancellationToken);
        var response = new ListReviewQueueResponse();
        response.Reviews.AddRange(reviews.Select(FollowUpMapping.Review));
        return response;
    }

    public override async Task<SubmitReviewVerdictResponse> SubmitReviewVerdict(SubmitReviewVerdictRequest request, ServerCallContext context)
    {
        var caller = RequireSupervisor(context);
        var recordId = FollowUpErrors.RequireId(context, request.VisitRecordId, "visit_record_id");
        if (FollowUpMapping.Verdict(request.Verdict) is not { } verdict)
        {
            throw FollowUpErrors.Invalid(context, "verdict", "witness.verdict_required",
                new("请选择审核结论：信息完整 / 需补充 / 有风险", "Choose a verdict: info complete / needs detail / risk"));
        }
        CheckLength(context, request.Note, MaxNoteLength, "note");
        var reviewed = await db.InTransactionAsync(async (db, ct) =>
        {
            // Another supervisor's review does not exist for a supervisor; admins may decide any (recorded as such).
            var review = await db.Set<WitnessReviewRecord>().FromSql(
                    $"SELECT * FROM activities.witness_reviews WHERE visit_record_id = {recordId} FOR UPDATE")
                .SingleOrDefaultAsync(ct);
            if (review is null || !WitnessReviewService.MayReview(review, caller))
            {
                throw FollowUpErrors.NotFound(context, "review", recordId.ToString());
            }
            var result = witness.RecordVerdict(review, caller, verdict, request.Note, clock.GetUtcNow());
            return result.IsSuccess ? result.Value : throw Refusal(context, result.Errors, VerdictStateCodes);
        }, context.CancellationToken);
        return new SubmitReviewVerdictResponse { Review = FollowUpMapping.Review(reviewed) };
    }

    private static Caller RequireSupervisor(ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsSupervisor)
        {
            throw context.PermissionDenied("只有主管可以查看和审核见证队列", "Only supervisors have a witness-review queue");
        }
        return caller;
    }
}
