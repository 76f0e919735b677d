using Npgsql;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.Activities.FollowUp.StatusCards;

/// <summary>
/// Everything one status-card evaluation reads, in one round trip (a visit record's submission
/// re-evaluates the card every time): the stored card, the requirement confirmations, the latest
/// visit and the customer's opportunities — after taking the customer's lock when the card is to
/// be changed. <see cref="LargestOpenValue"/> (the largest open opportunity, the witness threshold's
/// default) comes from the same opportunity rows.
/// </summary>
public sealed record StatusCardReads(StatusCardRecord? Card, CustomerStatusFacts Facts, Money? LargestOpenValue)
{
    /// <param name="forUpdate">
    /// Take the per-customer advisory lock (transaction-scoped; serialises evaluations of one customer
    /// across requests, consumers, timers and replicas, so a red streak is never counted twice) and
    /// track the card, so the caller's SaveChanges writes what it changes.
    /// </param>
    /// <param name="pending">A visit record of this unit of work not saved yet (the submission hook runs before SaveChanges).</param>
    /// <param name="timersToTrack">
    /// Durable timers (kind, key) the caller is about to schedule: read in the same round trip and
    /// tracked (<see cref="StoredTimerReads"/>), so SaveChanges needs no lookup of its own.
    /// </param>
    public static Task<StatusCardReads> LoadAsync(ActivitiesDbContext db, Guid customerId, bool forUpdate, StoredVisitRecord? pending,
        CancellationToken ct, IReadOnlyList<(string Kind, string Key)>? timersToTrack = null)
    {
        var batch = new StatementBatch();
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
            // The pending record's stored version (an offline edit) is stale: the others are compared with its new content.
            .Add("""
                SELECT visited_at, budget FROM activities.visit_records WHERE customer_id = $1 AND id <> $2
                ORDER BY visited_at DESC, recorded_at DESC LIMIT 1
                """, customerId, pending?.Id ?? Guid.Empty)
            .Add("SELECT status, amount, currency, completed_actions FROM activities.opportunities WHERE customer_id = $1", customerId);
        if (timersToTrack is { Count: > 0 })
        {
            batch.Add(StoredTimerReads.Sql(ActivitiesDbContext.Schema), timersToTrack.Select(t => t.Kind).ToArray(), timersToTrack.Select(t => t.Key).ToArray());
        }

        return batch.ReadAsync(db, async reader =>
        {
            if (forUpdate)
            {
                await reader.NextResultAsync(ct);
            }
            var card = await ReadCardAsync(reader, customerId, ct);
            await reader.NextResultAsync(ct);
            List<StatusAttachment> attachments = [];
            while (await reader.ReadAsync(ct))
            {
                attachments.Add(new StatusAttachment(reader.GetString(0), AttachmentPurpose.RequirementConfirmation, reader.GetString(1) == DocumentContent.Pdf));
            }
            await reader.NextResultAsync(ct);
            (DateTimeOffset At, string Budget)? latest = await reader.ReadAsync(ct) ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1)) : null;
            await reader.NextResultAsync(ct);
            List<string> completed = [];
            Money? largestOpen = null;
            while (await reader.ReadAsync(ct))
            {
                completed.AddRange(reader.GetFieldValue<string[]>(3));
                if (reader.GetString(0) == OpportunityRecord.StatusOpen && (largestOpen is null || reader.GetDecimal(1) > largestOpen.Value.Amount))
                {
                    largestOpen = new Money(reader.GetDecimal(1), reader.GetString(2));
                }
            }
            if (timersToTrack is { Count: > 0 })
            {
                await reader.NextResultAsync(ct);
                await StoredTimerReads.TrackAsync(reader, db, ct);
            }
            if (forUpdate)
            {
                card = Track(db, card, customerId);
            }
            return new StatusCardReads(card, FollowUpDirectory.StatusFacts(latest, pending, customerId, completed, attachments), largestOpen);
        }, ct);
    }

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
