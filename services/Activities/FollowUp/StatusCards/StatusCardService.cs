using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.FollowUp.StatusCards;

/// <summary>What a stored change did: the card after it and the presales task it created, if any.</summary>
public sealed record StatusCardOutcome(StatusCard Card, FollowUpTaskRecord? CreatedTask);

/// <summary>
/// Persistence of status cards around the pure <see cref="StatusCardRules"/>. Every method runs
/// inside the caller's transaction and only stages changes on <see cref="ActivitiesDbContext"/>
/// (the caller saves): the card row, its history row, the presales task and the events commit
/// together or not at all. <see cref="StatusCardReads"/> takes a per-customer lock first, so a red
/// streak is never counted twice.
/// </summary>
public sealed class StatusCardService(ActivitiesDbContext db)
{
    /// <summary>How a re-evaluation that lands on the same automatic colour is treated.</summary>
    public enum Trigger
    {
        /// <summary>New facts (visit, document): same colour is no new marking.</summary>
        FactsChanged,

        /// <summary>The periodic inactivity check: a card still red is marked red again (LR-8 counts it).</summary>
        InactivityCheck,
    }

    /// <summary>Evaluates from the current facts without storing anything.</summary>
    public async Task<StatusEvaluation> EvaluateAsync(FollowUpCustomer customer, DateTimeOffset now, CancellationToken cancellationToken) =>
        StatusEvaluator.Evaluate((await StatusCardReads.LoadAsync(db, customer.Id, forUpdate: false, null, cancellationToken)).Facts, now);

    public async Task<StatusCard?> FindAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var record = await db.Set<StatusCardRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.CustomerId == customerId, cancellationToken);
        return record is null ? null : StatusCardMapping.ToDomain(record);
    }

    /// <summary>
    /// Re-evaluates and stores the result when it changes something a person or LeadRouting sees:
    /// a new automatic colour, an override cleared by new facts, or (inactivity check) another red
    /// marking. Otherwise only the reasons are refreshed and the override window keeps its start.
    /// Returns what it read (the facts it evaluated among them), so callers need not read it again.
    /// </summary>
    /// <param name="prefetched">The card's rows when they were already read under the lock (a visit record's submission).</param>
    public async Task<StatusCardReads> ReevaluateAsync(FollowUpCustomer customer, Trigger trigger, DateTimeOffset now, CancellationToken cancellationToken,
        StoredVisitRecord? pendingVisit = null, StatusCardRows? prefetched = null)
    {
        var reads = prefetched?.For(pendingVisit) ?? await StatusCardReads.LoadAsync(db, customer.Id, forUpdate: true, pendingVisit, cancellationToken);
        var record = reads.Card;
        var previous = record is null ? null : StatusCardMapping.ToDomain(record);
        var evaluation = StatusEvaluator.Evaluate(reads.Facts, now);

        bool sameColour = previous is not null && previous.Override is null && previous.Automatic.Color == evaluation.Color;
        bool remark = trigger == Trigger.InactivityCheck && evaluation.Color == StatusColor.Red;
        if (sameColour && !remark)
        {
            // Most visits change neither colour nor reasons: then there is nothing to write.
            if (!previous!.Automatic.Reasons.SequenceEqual(evaluation.Reasons))
            {
                record!.ReasonsJson = StatusCardMapping.ReasonsJson(evaluation.Reasons);
                record.UpdatedAt = now;
            }
            return reads;
        }
        var change = StatusCardRules.ApplyEvaluation(previous, customer.Id.ToString(), evaluation);
        Store(customer, record, previous, change, automatic: true, actorId: null, StatusCardMapping.Describe(evaluation.Reasons), now);
        return reads;
    }

    /// <summary>A person's override (already authorised by the caller); domain refusals come back as errors.</summary>
    public async Task<DomainResult<StatusCardOutcome>> OverrideAsync(FollowUpCustomer customer, StatusColor to, string? reason, string actorId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reads = await StatusCardReads.LoadAsync(db, customer.Id, forUpdate: true, null, cancellationToken);
        var record = reads.Card;
        if (record is null)
        {
            return DomainResult<StatusCardOutcome>.Failure(new DomainError("status.not_evaluated", "",
                new("该客户还没有自动评估的状态卡，暂不能手动修改", "This customer's card has not been evaluated automatically yet; nothing to override")));
        }
        var card = StatusCardMapping.ToDomain(record);
        var result = StatusCardRules.Override(card, to, reason, actorId, now);
        if (!result.IsSuccess)
        {
            return DomainResult<StatusCardOutcome>.Failure(result.Errors);
        }
        if (to == StatusColor.Green && !reads.Facts.Attachments.Any(a => a.IsPdf))
        {
            return DomainResult<StatusCardOutcome>.Failure(new DomainError("status.green_requires_requirement_pdf", "color",
                new("绿色需要至少一份已上传的需求确认书（PDF，按内容检查）", "Green needs at least one attached requirement-confirmation PDF (checked by content)")));
        }
        return DomainResult<StatusCardOutcome>.Success(
            Store(customer, record, card, result.Value, automatic: false, actorId, result.Value.Card.Override!.Reason, now));
    }

    private StatusCardOutcome Store(FollowUpCustomer customer, StatusCardRecord? record, StatusCard? previous, StatusCardChange change,
        bool automatic, string? actorId, string reason, DateTimeOffset now)
    {
        if (record is null)
        {
            record = new StatusCardRecord { CustomerId = customer.Id, AutomaticColor = "", ReasonsJson = "[]" };
            db.Set<StatusCardRecord>().Add(record);
        }
        StatusCardMapping.CopyTo(change.Card, record, now);
        string? from = previous is null ? null : StatusCardMapping.Name(previous.Color);
        string to = StatusCardMapping.Name(change.Card.Color);
        db.Set<StatusCardChangeRecord>().Add(new StatusCardChangeRecord
        {
            CustomerId = customer.Id,
            FromColor = from,
            ToColor = to,
            Automatic = automatic,
            Reason = reason,
            ActorId = actorId,
            ConsecutiveReds = change.Card.ConsecutiveReds,
            ChangedAt = now,
        });
        db.EnqueueEvent(new CustomerStatusChanged(customer.Id, customer.LeadId, customer.OwnerUserId, from, to,
            change.Card.ConsecutiveReds, automatic, reason, now));

        FollowUpTaskRecord? task = null;
        if (change.PresalesTask is { } presales)
        {
            task = new FollowUpTaskRecord
            {
                Id = Guid.CreateVersion7(now),
                CustomerId = customer.Id,
                Kind = presales.Kind,
                TitleZh = presales.Title.Zh,
                TitleEn = presales.Title.En,
                AssigneeRole = "presales",
                CustomerOwnerId = customer.OwnerUserId,
                CreatedAt = presales.CreatedAt,
                DueAt = presales.DueAt,
            };
            db.Set<FollowUpTaskRecord>().Add(task);
            db.EnqueueEvent(new TaskCreated(task.Id, task.CustomerId, task.Kind, task.TitleZh, task.TitleEn, task.AssigneeRole,
                task.CustomerOwnerId, task.CreatedAt, task.DueAt));
        }
        return new StatusCardOutcome(change.Card, task);
    }
}
