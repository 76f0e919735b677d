using Npgsql;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.Activities.VisitRecords;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.FollowUp.StatusCards;

/// <summary>
/// The statements of <see cref="StatusCardReads"/> added to a batch — alone, or with a visit
/// record's submission reads (<see cref="ISubmissionPrefetch"/>) — and their rows once read.
/// </summary>
public sealed class StatusCardRows : ISubmissionPrefetch
{
    private readonly Guid _customerId;
    private readonly bool _forUpdate;
    private readonly bool _readsTimers;
    private StatusCardRecord? _card;
    private readonly List<StatusAttachment> _attachments = [];
    private (DateTimeOffset At, string Budget)? _latest;
    private readonly List<string> _completedActions = [];
    private Money? _largestOpen;

    private StatusCardRows(Guid customerId, bool forUpdate, bool readsTimers) =>
        (_customerId, _forUpdate, _readsTimers) = (customerId, forUpdate, readsTimers);

    /// <param name="forUpdate">
    /// Take the per-customer advisory lock (transaction-scoped; serialises evaluations of one customer
    /// across requests, consumers, timers and replicas, so a red streak is never counted twice) and
    /// track the card, so the caller's SaveChanges writes what it changes.
    /// </param>
    /// <param name="pendingClientRecordId">
    /// The client id of a visit record this unit of work is writing: its stored version (an offline
    /// edit) is stale, so the latest stored visit is looked for among the others.
    /// </param>
    /// <param name="timersToTrack">
    /// Durable timers (kind, key) the caller is about to schedule: read in the same round trip and
    /// tracked (<see cref="StoredTimerReads"/>), so SaveChanges needs no lookup of its own.
    /// </param>
    public static StatusCardRows Add(StatementBatch batch, Guid customerId, bool forUpdate, Guid? pendingClientRecordId,
        IReadOnlyList<(string Kind, string Key)>? timersToTrack = null)
    {
        if (forUpdate)
        {
            batch.Add("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "status-card:" + customerId);
        }
        batch.Add("""
                SELECT automatic_color, reasons::text, evaluated_at, override_from, override_to, override_reason, override_actor,
                       override_at, consecutive_reds, updated_at
                FROM activities.status_cards WHERE customer_id = $1
                """, customerId)
            // Never the bytes: the stored content type is "application/pdf" only when the upload's
            // bytes were checked to be one (DocumentService.Validate).
            .Add("SELECT file_name, content_type FROM activities.customer_documents WHERE customer_id = $1 AND kind = $2 ORDER BY attached_at",
                customerId, DocumentKinds.RequirementConfirmation)
            .Add("""
                SELECT visited_at, budget FROM activities.visit_records WHERE customer_id = $1 AND client_record_id <> $2
                ORDER BY visited_at DESC, recorded_at DESC LIMIT 1
                """, customerId, pendingClientRecordId ?? Guid.Empty)
            .Add("SELECT status, amount, currency, completed_actions FROM activities.opportunities WHERE customer_id = $1", customerId);
        var readsTimers = timersToTrack is { Count: > 0 };
        if (readsTimers)
        {
            batch.Add(StoredTimerReads.Sql(ActivitiesDbContext.Schema), timersToTrack!.Select(t => t.Kind).ToArray(), timersToTrack!.Select(t => t.Key).ToArray());
        }
        return new StatusCardRows(customerId, forUpdate, readsTimers);
    }

    public async Task ReadAsync(NpgsqlDataReader reader, ActivitiesDbContext db, CancellationToken ct)
    {
        if (_forUpdate)
        {
            await reader.NextResultAsync(ct);
        }
        _card = await ReadCardAsync(reader, _customerId, ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            _attachments.Add(new StatusAttachment(reader.GetString(0), AttachmentPurpose.RequirementConfirmation, reader.GetString(1) == DocumentContent.Pdf));
        }
        await reader.NextResultAsync(ct);
        _latest = await reader.ReadAsync(ct) ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1)) : null;
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            _completedActions.AddRange(reader.GetFieldValue<string[]>(3));
            if (reader.GetString(0) == OpportunityRecord.StatusOpen && (_largestOpen is null || reader.GetDecimal(1) > _largestOpen.Value.Amount))
            {
                _largestOpen = new Money(reader.GetDecimal(1), reader.GetString(2));
            }
        }
        await reader.NextResultAsync(ct);
        if (_readsTimers)
        {
            await StoredTimerReads.TrackAsync(reader, db, ct);
            await reader.NextResultAsync(ct);
        }
        if (_forUpdate)
        {
            _card = Track(db, _card, _customerId);
        }
    }

    /// <summary>The reads, with the facts as they are with <paramref name="pending"/> (not saved yet) counted.</summary>
    public StatusCardReads For(StoredVisitRecord? pending) =>
        new(_card, FollowUpDirectory.StatusFacts(_latest, pending, _customerId, _completedActions, _attachments), _largestOpen);

    private static async Task<StatusCardRecord?> ReadCardAsync(NpgsqlDataReader reader, Guid customerId, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new StatusCardRecord
        {
            CustomerId = customerId,
            AutomaticColor = reader.GetString(0),
            ReasonsJson = reader.GetString(1),
            EvaluatedAt = reader.GetFieldValue<DateTimeOffset>(2),
            OverrideFrom = reader.IsDBNull(3) ? null : reader.GetString(3),
            OverrideTo = reader.IsDBNull(4) ? null : reader.GetString(4),
            OverrideReason = reader.IsDBNull(5) ? null : reader.GetString(5),
            OverrideActor = reader.IsDBNull(6) ? null : reader.GetString(6),
            OverrideAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            ConsecutiveReds = reader.GetInt32(8),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(9),
        };
    }

    /// <summary>The tracked card: the one this unit of work already holds (it may carry changes), else the row just read.</summary>
    private static StatusCardRecord? Track(ActivitiesDbContext db, StatusCardRecord? read, Guid customerId)
    {
        var tracked = db.Set<StatusCardRecord>().Local.FindEntry(customerId)?.Entity;
        if (tracked is not null || read is null)
        {
            return tracked;
        }
        db.Attach(read);
        return read;
    }
}
