using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Intake;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Application.Leads;

/// <summary>A contact as the rep records it (validated by the caller).</summary>
public sealed record ContactToRecord(string Kind, DateTimeOffset? ContactedAt, int? DurationSeconds, string? Note);

/// <summary>
/// The owner's actions on a lead (LR-4, LR-5, LR-7) and the supervisor's merge undo (LR-2). Each runs
/// in one transaction: lock the lead, check the caller and <see cref="LeadStateMachine"/>, change
/// state, chain the history, enqueue the event. A refusal (<see cref="LeadOperationException"/>)
/// stores nothing.
/// </summary>
public sealed class LeadLifecycleService(LeadRoutingDbContext db, LeadAssignmentService assignments, TimeProvider time)
{
    public static readonly IReadOnlySet<string> ContactKinds = new HashSet<string>(["call", "wechat", "visit", "email", "other"]);

    public Task<LeadRecord> MarkViewedAsync(Guid leadId, Caller caller, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var lead = await OwnedLeadAsync(db, leadId, caller, ct);
            if (lead.Status != LeadStatus.Assigned)
            {
                // Viewing again (or after a contact) is not an error and changes nothing.
                if (lead.Status is LeadStatus.Viewed or LeadStatus.Contacted)
                    return lead;
                throw Refused(LeadStateMachine.Apply(lead.Status, LeadTrigger.MarkViewed).Error!);
            }
            var now = Now();
            lead.Status = LeadStatus.Viewed;
            lead.StatusChangedAt = now;
            lead.ViewedAt = now;
            LeadHistoryWriter.Append(db, lead, HistoryKinds.Viewed, caller.UserId, new Dictionary<string, string>(), now);
            db.EnqueueEvent(new LeadViewed(lead.Id, caller.UserId, lead.AssignedAt, now));
            return lead;
        }, cancellationToken);

    public Task<(LeadRecord Lead, LeadContactRecord Contact, bool First)> RecordContactAsync(Guid leadId, Caller caller, ContactToRecord contact,
        CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var lead = await OwnedLeadAsync(db, leadId, caller, ct);
            var next = LeadStateMachine.Apply(lead.Status, LeadTrigger.RecordContact);
            if (!next.IsSuccess)
                throw Refused(next.Error!);
            var now = Now();
            var first = lead.FirstContactedAt is null;
            var record = new LeadContactRecord
            {
                Id = NewId.NextSequentialGuid(),
                LeadId = lead.Id,
                RepUserId = caller.UserId,
                Kind = contact.Kind,
                ContactedAt = LeadHistoryWriter.TruncateToMicroseconds(contact.ContactedAt ?? now),
                DurationSeconds = contact.DurationSeconds,
                Note = contact.Note,
                RecordedAt = now,
            };
            db.LeadContacts.Add(record);
            if (lead.Status != LeadStatus.Contacted)
            {
                lead.Status = LeadStatus.Contacted;
                lead.StatusChangedAt = now;
            }
            lead.FirstContactedAt ??= record.ContactedAt;
            LeadHistoryWriter.Append(db, lead, HistoryKinds.Contacted, caller.UserId, new Dictionary<string, string>
            {
                ["contactId"] = record.Id.ToString("D"),
                ["kind"] = record.Kind,
                ["contactedAt"] = record.ContactedAt.ToString("O", CultureInfo.InvariantCulture),
                ["first"] = first ? "true" : "false",
            }, now);
            db.EnqueueEvent(new LeadContacted(lead.Id, record.Id, caller.UserId, record.Kind, first, record.ContactedAt, now));
            return (lead, record, first);
        }, cancellationToken);

    public Task<LeadRecord> ReleaseAsync(Guid leadId, Caller caller, string reason, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var lead = await OwnedLeadAsync(db, leadId, caller, ct);
            var next = LeadStateMachine.Apply(lead.Status, LeadTrigger.Release);
            if (!next.IsSuccess)
                throw Refused(next.Error!);
            var now = Now();
            await EndCurrentAssignmentAsync(db, lead, now, ct);
            lead.Status = LeadStatus.PublicPool;
            lead.StatusChangedAt = now;
            lead.PreviousOwnerUserId = caller.UserId;
            lead.OwnerUserId = null;
            lead.OwnerTeamId = null;
            lead.CurrentAssignmentId = null;
            lead.PooledAt = now;
            lead.PoolReasonZh = $"销售主动释放：{reason}";
            lead.PoolReasonEn = $"Released by the rep: {reason}";
            LeadHistoryWriter.Append(db, lead, HistoryKinds.Released, caller.UserId,
                new Dictionary<string, string> { ["reason"] = reason }, now);
            db.EnqueueEvent(new LeadReleased(lead.Id, caller.UserId, reason, now));
            return lead;
        }, cancellationToken);

    public Task<LeadRecord> ConvertAsync(Guid leadId, Caller caller, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var lead = await OwnedLeadAsync(db, leadId, caller, ct);
            var next = LeadStateMachine.Apply(lead.Status, LeadTrigger.Convert);
            if (!next.IsSuccess)
                throw Refused(next.Error!);
            var now = Now();
            lead.Status = LeadStatus.Converted;
            lead.StatusChangedAt = now;
            lead.ConvertedAt = now;
            LeadHistoryWriter.Append(db, lead, HistoryKinds.Converted, caller.UserId, new Dictionary<string, string>(), now);
            db.EnqueueEvent(new LeadConverted(lead.Id, caller.UserId, lead.OwnerTeamId, lead.Company, lead.Name,
                lead.PhoneNormalized, lead.EmailNormalized, lead.ProductTags, now));
            return lead;
        }, cancellationToken);

    /// <summary>
    /// LR-2 undo: the merged source becomes its own lead (routed like a new one). Lock order as
    /// intake: the source's de-dup keys first, then the lead rows, then the history head.
    /// <paramref name="canSee"/> decides whether the caller may act on the surviving lead (else NOT_FOUND).
    /// </summary>
    public Task<(LeadMergeRecord Merge, LeadRecord NewLead)> UndoMergeAsync(Guid mergeId, Caller caller, string reason,
        Func<LeadRecord, Task<bool>> canSee, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var merge = await db.LeadMerges.SingleOrDefaultAsync(m => m.Id == mergeId, ct)
                ?? throw new LeadOperationException(LeadOperationFailure.NotFound, new("合并记录不存在。", "The merge does not exist."));
            var source = await db.LeadSources.SingleAsync(s => s.Id == merge.SourceId, ct);
            await LeadIntakeService.LockKeysAsync(db, LeadIntakeService.KeysOf(source), ct);

            var original = await LeadLocks.LockLeadAsync(db, merge.LeadId, ct) ?? throw LeadOperationException.NotFound();
            if (!await canSee(original))
                throw new LeadOperationException(LeadOperationFailure.NotFound, new("合并记录不存在。", "The merge does not exist."));
            await db.Entry(merge).ReloadAsync(ct); // read again under the lock: a concurrent undo may have won
            if (merge.UndoneAt is not null)
                throw new LeadOperationException(LeadOperationFailure.FailedPrecondition,
                    new("该合并已被撤销。", "The merge has already been undone."));

            var now = Now();
            var split = LeadIntakeService.LeadFrom(source);
            db.Leads.Add(split);
            source.LeadId = split.Id;
            source.IsOrigin = true;
            original.SourceCount--;
            merge.UndoneAt = now;
            merge.UndoneBy = caller.UserId;
            merge.UndoReason = reason;
            merge.SplitLeadId = split.Id;

            var data = new Dictionary<string, string>
            {
                ["mergeId"] = merge.Id.ToString("D"),
                ["sourceId"] = source.Id.ToString("D"),
                ["originalLeadId"] = original.Id.ToString("D"),
                ["newLeadId"] = split.Id.ToString("D"),
                ["reason"] = reason,
            };
            LeadHistoryWriter.Append(db, original, HistoryKinds.MergeUndone, caller.UserId, data, now);
            LeadHistoryWriter.Append(db, split, HistoryKinds.SplitFromMerge, caller.UserId, data, now);
            await assignments.RouteAsync(split, [], AssignmentReasons.MergeUndone, caller.UserId, ct);
            db.EnqueueEvent(new LeadMergeUndone(merge.Id, original.Id, split.Id, source.Id, caller.UserId, reason, now));
            return (merge, split);
        }, cancellationToken);

    /// <summary>The lead locked, if the caller owns it; NOT_FOUND otherwise (another rep's lead reveals nothing).</summary>
    private static async Task<LeadRecord> OwnedLeadAsync(LeadRoutingDbContext db, Guid leadId, Caller caller, CancellationToken ct)
    {
        var lead = await LeadLocks.LockLeadAsync(db, leadId, ct);
        if (lead is null || lead.OwnerUserId != caller.UserId)
            throw LeadOperationException.NotFound();
        return lead;
    }

    private static async Task EndCurrentAssignmentAsync(LeadRoutingDbContext db, LeadRecord lead, DateTimeOffset now, CancellationToken ct)
    {
        if (lead.CurrentAssignmentId is { } id)
            await db.LeadAssignments.Where(a => a.Id == id && a.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndedAt, now), ct);
    }

    private static LeadOperationException Refused(DomainError error) => new(LeadOperationFailure.FailedPrecondition, error.Message);

    private DateTimeOffset Now() => LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
}
