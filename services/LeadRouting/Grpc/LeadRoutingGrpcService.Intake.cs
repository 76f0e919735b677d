using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Intake;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    public const int MaxBatchSize = 500;

    /// <summary>LR-1: validate, then de-duplicate + merge or create + route, in one transaction.</summary>
    public override async Task<IntakeLeadResponse> IntakeLead(IntakeLeadRequest request, ServerCallContext context)
    {
        var caller = RequireLeadEntry(context);
        var known = await RosterLoader.KnownTerritoriesAsync(db, context.CancellationToken);
        var (intake, violations) = IntakeLeadValidator.Validate(request, known);
        if (intake is null)
            throw RpcErrors.InvalidArgument(context, new("线索信息无效。", "The lead is invalid."), violations);
        return await IntakeOneAsync(request, intake, caller, RequestLanguage.Of(context), context.CancellationToken);
    }

    /// <summary>LR-1: each row like IntakeLead, in its own transaction; bad rows are reported, not fatal.</summary>
    public override async Task<IntakeLeadBatchResponse> IntakeLeadBatch(IntakeLeadBatchRequest request, ServerCallContext context)
    {
        var caller = RequireLeadEntry(context);
        if (request.Leads.Count == 0 || request.Leads.Count > MaxBatchSize)
            throw RpcErrors.InvalidArgument(context, "leads", $"一次须提交 1–{MaxBatchSize} 条线索", $"Send 1–{MaxBatchSize} leads per batch");

        var response = new IntakeLeadBatchResponse();
        foreach (var result in await IntakeRowsAsync(request.Leads.Select((lead, i) => (i, lead)), caller, context))
            response.Results.Add(result);
        response.AcceptedCount = response.Results.Count(r => r.Accepted is not null);
        response.RejectedCount = response.Results.Count - response.AcceptedCount;
        return response;
    }

    /// <summary>The caller, if their role enters leads (<see cref="LeadAccess.MayEnterLeads"/>); PERMISSION_DENIED otherwise.</summary>
    private static Caller RequireLeadEntry(ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!LeadAccess.MayEnterLeads(caller))
            throw RpcErrors.PermissionDenied(context, "只有销售、主管和管理员可以录入线索。", "Only reps, supervisors and admins can enter leads.");
        return caller;
    }

    /// <summary>Validates every row first (one roster read), then takes the valid ones in one by one.</summary>
    private async Task<List<IntakeRowResult>> IntakeRowsAsync(IEnumerable<(int Row, IntakeLeadRequest Lead)> rows, Caller caller, ServerCallContext context)
    {
        var language = RequestLanguage.Of(context);
        var known = await RosterLoader.KnownTerritoriesAsync(db, context.CancellationToken);
        var results = new List<IntakeRowResult>();
        foreach (var (row, lead) in rows)
        {
            var (intake, violations) = IntakeLeadValidator.Validate(lead, known);
            var result = new IntakeRowResult { Row = row };
            if (intake is null)
                result.Violations.Add(violations.Select(v => new RowFieldViolation { Field = v.FieldPath, Description = v.Message.For(language) }));
            else
                result.Accepted = await IntakeOneAsync(lead, intake, caller, language, context.CancellationToken);
            results.Add(result);
        }
        return results;
    }

    private async Task<IntakeLeadResponse> IntakeOneAsync(IntakeLeadRequest request, ValidIntake intake, Caller caller, string language, CancellationToken ct)
    {
        IntakeOutcome outcome;
        try
        {
            outcome = await intakes.IntakeAsync(request, intake, caller.UserId, ct);
        }
        catch (DbUpdateException ex) when (LeadIntakeService.IsIdempotencyRace(ex))
        {
            // The advisory lock on the key makes this rare (only if a key is reused with other contacts
            // while the first call commits); the committed intake is the answer.
            logger.LogInformation("Idempotency key raced with a concurrent intake; replaying the committed one.");
            outcome = await intakes.IntakeAsync(request, intake, caller.UserId, ct);
        }
        return IntakeResponse(outcome, language);
    }

    private static IntakeLeadResponse IntakeResponse(IntakeOutcome outcome, string language) => new()
    {
        LeadId = new LeadId { Value = outcome.Lead.Id.ToString("D") },
        ReceivedAt = Timestamp.FromDateTimeOffset(outcome.Source.ReceivedAt),
        DuplicateOf = outcome.MergeId is null ? null : new LeadId { Value = outcome.Lead.Id.ToString("D") },
        Replayed = outcome.Replayed,
        Status = LeadMapper.ToProto(outcome.Lead.Status),
        Owner = outcome.Lead.OwnerUserId is null ? null : new UserId { Value = outcome.Lead.OwnerUserId },
        RoutingSummary = outcome.RoutingSummary?.For(language) ?? "",
        MergeId = outcome.MergeId?.ToString("D") ?? "",
    };
}
