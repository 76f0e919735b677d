using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Domain.CircuitBreaking;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Grpc;
using SalesMesh.LeadRouting.Operations.Grpc;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Operations.CircuitBreaking;

/// <summary>An uploaded evidence file: name and full content.</summary>
public sealed record EvidenceContent(string FileName, byte[] Content);

public sealed record AppealDecisionOutcome(LeadAppealRecord Appeal, bool RightsRestored, LeadStatus LeadStatus);

/// <summary>
/// LR-8 invalid-lead appeals (无效线索申诉). Filing: only the rep whose rights the breaker revoked
/// (a caller who may not see the lead is answered before its state is looked at: NOT_FOUND), lead in
/// the cleaning pool, one pending appeal at a time, evidence checked by content with the domain's
/// <see cref="EvidenceFileInspector"/> (through <see cref="AppealRules.File"/>). Deciding:
/// the rep's own supervisor (or an admin), once, with a reason; approval restores the rights, resets
/// the customer's breaker and gives the lead back to the rep through LR-CORE's assignment service.
/// </summary>
public sealed class AppealService(LeadRoutingDbContext db, LeadAssignmentService assignments, TimeProvider time)
{
    public Task<LeadAppealRecord> FileAsync(Caller caller, Guid leadId, string? reason, IReadOnlyList<EvidenceContent> files,
        OperationErrors errors, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            // The caller first, the lead's state second: someone who may not see the lead gets the answer an
            // unknown id gets, so the state answer below (400) never tells a stranger that the lead exists.
            var lead = await LeadLocks.LockLeadAsync(db, leadId, ct);
            if (lead is null || !await LeadAccess.CanSeeAsync(db, caller, lead, ct))
                throw errors.NotFound("lead", leadId.ToString("D"));
            var revocation = await db.Set<FollowUpRevocationRecord>()
                .Where(r => r.LeadId == leadId && r.RestoredAt == null)
                .OrderByDescending(r => r.RevokedAt)
                .FirstOrDefaultAsync(ct);
            if (revocation is null || lead.Status != LeadStatus.CleaningPool)
                throw errors.FailedPrecondition("NOT_IN_CLEANING_POOL", "线索不在待清洗池或跟进权未被收回，无需申诉",
                    "The lead is not in the cleaning pool or no follow-up rights were revoked; there is nothing to appeal");
            if (revocation.RepUserId != caller.UserId)
                throw errors.NotFound("lead", leadId.ToString("D")); // another rep's case: learn nothing
            if (await db.Set<LeadAppealRecord>().AnyAsync(a => a.LeadId == leadId && a.Status == AppealStates.Pending, ct))
                throw errors.FailedPrecondition("APPEAL_PENDING", "该线索已有待处理的申诉", "An appeal for this lead is already pending");

            var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
            var appealId = Guid.NewGuid();
            var uploads = files.Select(f => new EvidenceUpload(f.FileName, f.Content.Length > 64 ? f.Content[..64] : f.Content, f.Content.LongLength)).ToList();
            var filed = AppealRules.File(appealId.ToString("D"), leadId.ToString("D"), revocation.CustomerId?.ToString("D") ?? "", lead.Status,
                revocation.RepUserId, caller.UserId, reason, uploads, EvidencePolicy.Default, now);
            if (!filed.IsSuccess)
                throw errors.InvalidArgument(filed.Error!);

            var record = new LeadAppealRecord
            {
                Id = appealId,
                LeadId = leadId,
                CustomerId = revocation.CustomerId,
                RepUserId = caller.UserId,
                Reason = filed.Value.Reason,
                Status = AppealStates.Pending,
                FiledAt = now,
            };
            for (var i = 0; i < filed.Value.Evidence.Count; i++)
            {
                var inspected = filed.Value.Evidence[i];
                record.Evidence.Add(new LeadAppealEvidenceRecord
                {
                    Id = Guid.NewGuid(),
                    AppealId = appealId,
                    Position = i,
                    FileName = inspected.FileName,
                    FileType = inspected.Type.ToString().ToLowerInvariant(),
                    Category = inspected.Category.ToString().ToLowerInvariant(),
                    SizeBytes = inspected.Length,
                    Content = files[i].Content,
                });
            }
            db.Set<LeadAppealRecord>().Add(record);
            var supervisor = await db.Reps.AsNoTracking().Where(r => r.UserId == caller.UserId).Select(r => r.SupervisorUserId).FirstOrDefaultAsync(ct);
            db.EnqueueEvent(new AppealFiled(appealId, leadId, caller.UserId, supervisor, record.Evidence.Count, now));
            LeadHistoryWriter.Append(db, lead, OperationsHistoryKinds.AppealFiled, caller.UserId, new Dictionary<string, string>
            {
                ["appealId"] = appealId.ToString("D"),
                ["evidence"] = string.Join(",", record.Evidence.Select(e => e.FileType)),
                ["reason"] = record.Reason,
            }, now);
            return record;
        }, cancellationToken);

    public Task<AppealDecisionOutcome> DecideAsync(Caller caller, Guid appealId, bool approve, string? reason, OperationErrors errors, CancellationToken cancellationToken)
    {
        if (!caller.IsSupervisor)
            throw errors.PermissionDenied("只有主管可以处理申诉", "Only supervisors can decide appeals");
        return db.InTransactionAsync(async (db, ct) =>
        {
            var record = await db.Set<LeadAppealRecord>().Include(a => a.Evidence).FirstOrDefaultAsync(a => a.Id == appealId, ct)
                ?? throw errors.NotFound("appeal", appealId.ToString("D"));
            var lead = await LeadLocks.LockLeadAsync(db, record.LeadId, ct) ?? throw errors.NotFound("appeal", appealId.ToString("D"));
            // Re-read under the lead lock: two supervisors deciding at once see one pending appeal.
            await db.Entry(record).ReloadAsync(ct);
            var repSupervisor = await db.Reps.AsNoTracking().Where(r => r.UserId == record.RepUserId).Select(r => r.SupervisorUserId).FirstOrDefaultAsync(ct);
            var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
            // An admin may decide any appeal; a supervisor only their own reps'.
            var decided = AppealRules.Decide(ToDomain(record), caller.UserId, caller.IsAdmin ? caller.UserId : repSupervisor, approve, reason, now);
            if (!decided.IsSuccess)
            {
                throw decided.Error!.Code switch
                {
                    "NOT_THE_SUPERVISOR" => errors.PermissionDenied("只有该销售的直属主管可以处理申诉", "Only the rep's own supervisor can decide the appeal"),
                    "DECISION_REASON_REQUIRED" => errors.InvalidArgument(decided.Error),
                    _ => errors.FailedPrecondition(decided.Error),
                };
            }
            var outcome = decided.Value;
            record.Status = outcome.Appeal.Status == AppealStatus.Approved ? AppealStates.Approved : AppealStates.Rejected;
            record.DecidedBy = caller.UserId;
            record.DecisionReason = outcome.Appeal.DecisionReason;
            record.DecidedAt = now;

            if (outcome.RightsRestored)
                await RestoreAsync(db, caller, record, lead, now, errors, ct);

            db.EnqueueEvent(new AppealDecided(record.Id, record.LeadId, record.RepUserId, caller.UserId, outcome.RightsRestored, record.DecisionReason!, now));
            LeadHistoryWriter.Append(db, lead, OperationsHistoryKinds.AppealDecided, caller.UserId, new Dictionary<string, string>
            {
                ["appealId"] = record.Id.ToString("D"),
                ["approved"] = outcome.RightsRestored ? "true" : "false",
                ["repUserId"] = record.RepUserId,
                ["reason"] = record.DecisionReason!,
            }, now);
            return new AppealDecisionOutcome(record, outcome.RightsRestored, lead.Status);
        }, cancellationToken);
    }

    /// <summary>Rights back, breaker closed, and the lead returned to the rep (cleaning pool → assigned).</summary>
    private async Task RestoreAsync(LeadRoutingDbContext db, Caller caller, LeadAppealRecord appeal, LeadRecord lead, DateTimeOffset now,
        OperationErrors errors, CancellationToken ct)
    {
        await db.Set<FollowUpRevocationRecord>()
            .Where(r => r.LeadId == appeal.LeadId && r.RepUserId == appeal.RepUserId && r.RestoredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RestoredAt, now).SetProperty(r => r.RestoredBy, caller.UserId)
                .SetProperty(r => r.RestoredByAppealId, appeal.Id), ct);
        if (appeal.CustomerId is { } customerId
            && await db.Set<CustomerBreakerRecord>().FromSql($"SELECT * FROM lead_routing.customer_breakers WHERE customer_id = {customerId} FOR UPDATE")
                .SingleOrDefaultAsync(ct) is { } breaker)
        {
            BreakerRows.Store(breaker, CustomerCircuitBreaker.Reset(BreakerRows.ToState(breaker), now), now);
        }
        db.EnqueueEvent(new FollowUpRightsRestored(appeal.LeadId, appeal.CustomerId, appeal.RepUserId, appeal.Id, caller.UserId, now));

        if (lead.Status != LeadStatus.CleaningPool)
            return; // moved on meanwhile (e.g. a supervisor override): rights come back, the lead stays where it is
        var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
        var candidates = await RosterLoader.LoadCandidatesAsync(db, policy, now, ct);
        var rep = candidates.FirstOrDefault(c => c.Rep.RepId == appeal.RepUserId)
            ?? throw errors.FailedPrecondition("REP_INACTIVE", "该销售已不在名册中或已停用，无法归还线索", "The rep is no longer active on the roster; the lead cannot be returned");
        var leadToRoute = new LeadToRoute(lead.Id.ToString("D"), lead.Territory, lead.ProductLine);
        var decision = new RoutingDecision(leadToRoute.LeadId, RoutingOutcome.Assigned, rep.Rep.RepId, policy.PolicyId, policy.Version, now,
            [LeadRouter.Evaluate(policy, leadToRoute, rep, [], now) with { Rank = 1 }],
            new LocalizedText("申诉通过，线索归还原负责人", "appeal approved; the lead returns to its owner"));
        await assignments.ApplyAsync(lead, decision, candidates, AssignmentReasons.AppealApproved, caller.UserId, ct);
    }

    private static InvalidLeadAppeal ToDomain(LeadAppealRecord r) => new(
        r.Id.ToString("D"), r.LeadId.ToString("D"), r.CustomerId?.ToString("D") ?? "", r.RepUserId, r.Reason,
        [.. r.Evidence.OrderBy(e => e.Position).Select(e => new InspectedEvidence(e.FileName,
            Enum.Parse<EvidenceFileType>(e.FileType, ignoreCase: true), Enum.Parse<EvidenceCategory>(e.Category, ignoreCase: true), e.SizeBytes))],
        r.FiledAt,
        r.Status switch { AppealStates.Approved => AppealStatus.Approved, AppealStates.Rejected => AppealStatus.Rejected, _ => AppealStatus.Pending },
        r.DecidedBy, r.DecisionReason, r.DecidedAt);
}
