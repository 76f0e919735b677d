using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.Sync;
using SalesMesh.Activities.Domain.VisitRecords;
using SalesMesh.Activities.Grpc;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Activities.Rules;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.VisitRecords;

/// <summary>The outcome of one write attempt: the stored record (when there is one) and, for refusals and conflicts, why.</summary>
/// <param name="NewRecordFlags">
/// For a created record, its automatic flags (all raised by this write, since nothing could flag a
/// record before it existed), so the response needs no second read; null otherwise.
/// </param>
public sealed record VisitWriteResult(SyncOutcome Outcome, StoredVisitRecord? Record, ApiError? Error,
    IReadOnlyList<AutomaticFlagRecord>? NewRecordFlags = null);

/// <summary>
/// The one write path of visit records (AC-3, AC-4, AC-8), used by SubmitVisitRecord (a create) and by
/// every SyncVisitRecords item. Per item, in one transaction: the domain's <see cref="SyncDecider"/>
/// decides from the stored content fingerprints (replay → nothing written; stale edit → conflict;
/// reused client id → rejected); a write is then validated by <see cref="VisitRecordValidator"/> and
/// the rule set in force, stored with server times, its fields fed to the opportunity's playbook,
/// the late-entry flag raised, the <see cref="IVisitRecordSubmittedHook"/>s run and VisitLogged
/// enqueued. Any refusal leaves the database untouched.
/// </summary>
public sealed class VisitRecordWriter(
    ActivitiesDbContext db,
    TimeProvider time,
    RuleSetStore ruleSets,
    IEnumerable<IVisitRecordSubmittedHook> hooks)
{
    /// <summary>A record entered this long after the visit gets the automatic "lateEntry" flag.</summary>
    public static readonly TimeSpan LateEntryThreshold = TimeSpan.FromHours(24);

    public const string LateEntryKind = "lateEntry";

    public async Task<VisitWriteResult> WriteAsync(Caller caller, Guid clientRecordId, int? baseVersion, Api.VisitRecordContent? content, CancellationToken ct)
    {
        try
        {
            return await AttemptAsync(caller, clientRecordId, baseVersion, content, ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
                                            || ex is DbUpdateConcurrencyException)
        {
            // A concurrent write of the same client id won the race: decide again against what it stored.
            return await AttemptAsync(caller, clientRecordId, baseVersion, content, ct);
        }
    }

    private async Task<VisitWriteResult> AttemptAsync(Caller caller, Guid clientRecordId, int? baseVersion, Api.VisitRecordContent? content, CancellationToken ct)
    {
        var parsed = VisitRecordMapping.Parse(clientRecordId, content, caller.UserId);
        var result = await db.InTransactionAsync(async (db, ct) =>
        {
            var reads = await SubmissionReads.LoadAsync(db, caller, clientRecordId, parsed.CustomerId, parsed.OpportunityId, hooks, ct);
            // Replays and offline edits (rare) load the stored record in full; a new record skips that read.
            var existing = reads.ClientIdStored ? await db.VisitRecords.SingleOrDefaultAsync(v => v.ClientRecordId == clientRecordId, ct) : null;
            // Another rep's record: a create with its id is a reuse (the fingerprint includes the rep);
            // an edit of it is an unknown record (nothing about it is revealed).
            var own = existing is not null && existing.RepUserId == caller.UserId ? existing : null;
            var state = (baseVersion is null ? existing : own) is { } known
                ? new StoredRecordState(known.ClientRecordId, known.VersionFingerprints)
                : null;
            var decision = SyncDecider.Decide(state, new SyncItem(clientRecordId, baseVersion, ContentFingerprints.Of(parsed.Input)));
            switch (decision.Outcome)
            {
                case SyncOutcome.AlreadyApplied:
                    return new VisitWriteResult(SyncOutcome.AlreadyApplied, own, null);
                case SyncOutcome.Conflict:
                    return new VisitWriteResult(SyncOutcome.Conflict, own, FromSync(decision.Error!, StatusCode.Aborted));
                case SyncOutcome.Rejected:
                    return Rejected(FromSync(decision.Error!, decision.Error!.Code switch
                    {
                        "sync.client_id_reused" => StatusCode.AlreadyExists,
                        "sync.unknown_record" => StatusCode.NotFound,
                        _ => StatusCode.InvalidArgument,
                    }));
            }
            return await StoreAsync(db, caller, parsed, own, reads, ct);
        }, ct);
        return result;
    }

    private async Task<VisitWriteResult> StoreAsync(ActivitiesDbContext db, Caller caller, VisitRecordMapping.Parsed parsed,
        StoredVisitRecord? existing, SubmissionReads reads, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Someone else's customer is NOT_FOUND before anything is said about the content: a
        // validation error would tell the caller that the customer exists.
        var customer = reads.Customer;
        if (parsed.CustomerId is not null && customer is null)
        {
            return Rejected(NotFound("customer", "客户不存在", "Customer not found"));
        }
        var validated = VisitRecordValidator.Validate(parsed.Input, now);
        if (parsed.Problems.Count > 0 || !validated.IsSuccess)
        {
            var problems = parsed.Problems.Concat(validated.IsSuccess ? [] : validated.Errors.Select(e => new FieldProblem(e.Path, e.Message, e.Code))).ToList();
            return Rejected(ApiError.Invalid(Summary(problems), problems, problems[0].Reason));
        }
        var record = validated.Value;
        // Validation requires the customer id, so a valid record always has one (looked up above).
        var customerId = customer!.Id;
        if (existing is not null && existing.CustomerId != customerId)
        {
            return Rejected(ApiError.Invalid("customerId", "visit.customer_changed", "拜访纪要不能改到另一个客户名下", "A visit record cannot move to another customer"));
        }
        OpportunityRecord? opportunity = null;
        if (parsed.OpportunityId is { } opportunityId)
        {
            opportunity = await db.Opportunities.SingleOrDefaultAsync(o => o.Id == opportunityId && o.CustomerId == customerId, ct);
            if (opportunity is null)
            {
                return Rejected(NotFound("opportunity", "该客户下没有这个商机", "The customer has no such opportunity"));
            }
        }

        var rules = await ruleSets.VisitRecordRulesAsync(db, reads.RuleSetVersion, ct);
        var input = rules.CreateInput();
        VisitRecordRuleProjection.Fill(record, input);
        var evaluation = rules.Evaluate(input);
        if (!evaluation.IsValid)
        {
            return Rejected(RuleViolations(evaluation.Violations));
        }

        var row = existing ?? new StoredVisitRecord
        {
            Id = Guid.CreateVersion7(now),
            ClientRecordId = record.ClientRecordId,
            CustomerId = customerId,
            RepUserId = caller.UserId,
            RecordedAt = now,
            Budget = "",
            BiggestConcern = "",
            NextTouchpointTopic = "",
            RuleSetId = "",
        };
        VisitRecordMapping.Apply(row, record, parsed.OpportunityId);
        row.UpdatedAt = now;
        row.RuleSetId = rules.Source.Id;
        row.RuleSetVersion = rules.Source.Version;
        row.VersionFingerprints = [.. row.VersionFingerprints, ContentFingerprints.Of(parsed.Input)];
        row.Version = row.VersionFingerprints.Count;
        if (existing is null)
        {
            db.VisitRecords.Add(row);
        }

        if (opportunity is not null && opportunity.Status == OpportunityRecord.StatusOpen)
        {
            var fields = OpportunityFields.Read(opportunity.FieldValues);
            foreach (var (key, value) in VisitRecordMapping.PlaybookFields(row))
            {
                fields[key] = value;
            }
            opportunity.FieldValues = OpportunityFields.Write(fields);
            opportunity.UpdatedAt = now;
            opportunity.Version++;
        }

        var submission = new VisitRecordSubmission(db, row, customer, opportunity, existing is null, now, reads.Prefetched);
        List<AutomaticFlagRecord> raised = [];
        if (existing is null && now - row.VisitedAt > LateEntryThreshold)
        {
            var rep = await submission.RepAsync(ct);
            raised.Add(new AutomaticFlagRecord
            {
                Id = Guid.CreateVersion7(now),
                SubjectType = AutomaticFlagRecord.SubjectVisitRecord,
                SubjectId = row.Id,
                Kind = LateEntryKind,
                RaisedValue = "late",
                Value = "late",
                State = Flags.FlagMapping.StateActive,
                ResponsibleUserIds = rep?.SupervisorUserId is { } supervisor && supervisor != caller.UserId ? [caller.UserId, supervisor] : [caller.UserId],
                RaisedAt = now,
                Interventions = "[]",
                Version = 1,
            });
            db.AutomaticFlags.AddRange(raised);
        }

        foreach (var hook in hooks)
        {
            await hook.OnSubmittedAsync(submission, ct);
        }
        db.EnqueueEvent(new VisitLogged(row.Id, row.ClientRecordId, row.CustomerId, row.OpportunityId, customer.LeadId, row.RepUserId,
            row.Version, row.VisitedAt, now, row.Budget, row.BiggestConcern, row.ObjectionType, row.NextTouchpointAt, row.RuleSetId, row.RuleSetVersion));
        return existing is null
            ? new VisitWriteResult(SyncOutcome.Created, row, null, raised)
            : new VisitWriteResult(SyncOutcome.Updated, row, null);
    }

    /// <summary>
    /// INVALID_ARGUMENT naming every violated rule: one field violation per field involved (the
    /// fields to fix, then the fields that made the rule apply), each with the rule id as reason.
    /// </summary>
    public static ApiError RuleViolations(IReadOnlyList<RuleViolation> violations)
    {
        var problems = new List<FieldProblem>();
        foreach (var violation in violations)
        {
            foreach (var field in violation.Fields)
            {
                problems.Add(new FieldProblem(field, violation.Message, violation.RuleId));
            }
            foreach (var field in violation.ConditionFields.Where(f => !violation.Fields.Contains(f)))
            {
                problems.Add(new FieldProblem(field, new BilingualText("（触发条件）" + violation.Message.Zh, "(condition) " + violation.Message.En), violation.RuleId));
            }
        }
        var ids = string.Join(", ", violations.Select(v => v.RuleId));
        var message = violations.Count == 1
            ? new BilingualText($"违反规则“{violations[0].RuleId}”：{violations[0].Message.Zh}", $"Rule '{violations[0].RuleId}' violated: {violations[0].Message.En}")
            : new BilingualText($"违反 {violations.Count} 条规则：{ids}", $"{violations.Count} rules violated: {ids}");
        return ApiError.Invalid(message, problems, "rules.violation");
    }

    private static VisitWriteResult Rejected(ApiError error) => new(SyncOutcome.Rejected, null, error);

    private static ApiError FromSync(DomainError error, StatusCode code) =>
        new(code, error.Code, error.Message, error.Path.Length == 0 ? [] : [new FieldProblem(error.Path, error.Message, error.Code)]);

    private static ApiError NotFound(string resource, string zh, string en) => new(StatusCode.NotFound, resource + ".not_found", new BilingualText(zh, en), []);

    private static BilingualText Summary(IReadOnlyList<FieldProblem> problems) => problems.Count == 1
        ? problems[0].Description
        : new BilingualText($"有 {problems.Count} 处问题：" + string.Join("；", problems.Select(p => p.Description.Zh)),
            $"{problems.Count} problems: " + string.Join("; ", problems.Select(p => p.Description.En)));
}
