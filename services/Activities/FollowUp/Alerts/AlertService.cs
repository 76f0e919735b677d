using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Flags;
using SalesMesh.Activities.Domain.Touchpoints;

namespace SalesMesh.Activities.FollowUp.Alerts;

/// <summary>A stored intervention on an alert.</summary>
public sealed record StoredIntervention(string ActorId, string Note, DateTimeOffset At, string Action);

/// <summary>A visit summary as stored on an alert.</summary>
public sealed record StoredVisitSummary(Guid VisitRecordId, DateTimeOffset VisitedAt, string Summary);

/// <summary>
/// The alert inbox (AC-6, AC-10). Alerts are raised by timers, deduplicated by a key (one per
/// source record, or per review and escalation level), and can be dismissed by a recipient with a
/// note through <see cref="FlagInterventions"/>; the automation's original alert stays visible.
/// Methods stage changes on the caller's context.
/// </summary>
public sealed class AlertService(ActivitiesDbContext db)
{
    public const string Active = "active";
    public const string Dismissed = "dismissed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores the touchpoint alert unless one was already raised for its source record and due
    /// time (an offline edit that moves the touchpoint gets its own alert); returns the new row or null.
    /// </summary>
    public async Task<FollowUpAlertRecord?> RaiseTouchpointOverdueAsync(TouchpointAlert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dedup = $"{AlertKinds.TouchpointOverdue}:{alert.SourceRecordId}:{alert.DueAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
        if (await ExistsAsync(dedup, cancellationToken))
        {
            return null;
        }
        var visits = alert.RecentVisits.Select(v => new StoredVisitSummary(v.RecordId, v.VisitedAt, v.Summary)).ToList();
        return Add(AlertKinds.TouchpointOverdue, dedup, Guid.Parse(alert.CustomerId), alert.SourceRecordId, alert.Message,
            [.. alert.Recipients], visits, now);
    }

    /// <summary>Tells the supervisor (and whoever it escalated to) that a review is overdue, once per level.</summary>
    public async Task<FollowUpAlertRecord?> RaiseReviewOverdueAsync(WitnessReviewRecord review, string? escalatedTo, int level, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dedup = $"{AlertKinds.ReviewOverdue}:{review.VisitRecordId}:{level}";
        if (await ExistsAsync(dedup, cancellationToken))
        {
            return null;
        }
        var supervisor = review.SupervisorId ?? throw new InvalidOperationException("An unassigned review has nobody to alert.");
        var recipients = escalatedTo is null || escalatedTo == supervisor ? new[] { supervisor } : new[] { supervisor, escalatedTo };
        var message = new BilingualText(
            $"拜访纪要的见证审核已超时（应于 {review.DueAt:yyyy-MM-dd HH:mm} UTC 前完成），已升级（第 {level} 级）",
            $"The witness review of a visit record is overdue (due {review.DueAt:yyyy-MM-dd HH:mm} UTC); escalated (level {level})");
        return Add(AlertKinds.ReviewOverdue, dedup, review.CustomerId, review.VisitRecordId, message, recipients, [], now);
    }

    /// <summary>The alerts naming <paramref name="userId"/>, newest first.</summary>
    public Task<List<FollowUpAlertRecord>> InboxAsync(string userId, bool includeDismissed, CancellationToken cancellationToken) =>
        db.Set<FollowUpAlertRecord>().AsNoTracking()
            .Where(a => a.Recipients.Contains(userId) && (includeDismissed || a.State == Active))
            .OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Take(200)
            .ToListAsync(cancellationToken);

    /// <summary>The alert if <paramref name="userId"/> is one of its recipients (tracked), else null.</summary>
    public Task<FollowUpAlertRecord?> FindForRecipientAsync(Guid alertId, string userId, CancellationToken cancellationToken) =>
        db.Set<FollowUpAlertRecord>().SingleOrDefaultAsync(a => a.Id == alertId && a.Recipients.Contains(userId), cancellationToken);

    /// <summary>A recipient dismisses the alert with a note (AC-10); refusals come back as errors and change nothing.</summary>
    public DomainResult<FollowUpAlertRecord> Dismiss(FollowUpAlertRecord alert, string actorId, string? note, DateTimeOffset now)
    {
        var result = FlagInterventions.Dismiss(ToFlag(alert), actorId, note, now);
        if (!result.IsSuccess)
        {
            return DomainResult<FollowUpAlertRecord>.Failure(result.Errors);
        }
        alert.State = Dismissed;
        alert.InterventionsJson = JsonSerializer.Serialize(
            result.Value.Interventions.Select(i => new StoredIntervention(i.ActorId, i.Note, i.At, i.NewValue is null ? "dismissed" : "changed")).ToList(), Json);
        return DomainResult<FollowUpAlertRecord>.Success(alert);
    }

    public static IReadOnlyList<StoredIntervention> Interventions(FollowUpAlertRecord alert) =>
        JsonSerializer.Deserialize<List<StoredIntervention>>(alert.InterventionsJson, Json) ?? [];

    public static IReadOnlyList<StoredVisitSummary> RecentVisits(FollowUpAlertRecord alert) =>
        JsonSerializer.Deserialize<List<StoredVisitSummary>>(alert.RecentVisitsJson, Json) ?? [];

    private static AutomaticFlag ToFlag(FollowUpAlertRecord alert) =>
        new AutomaticFlag(alert.Id, alert.Kind, alert.VisitRecordId.ToString(), Active, alert.Recipients, alert.RaisedAt)
        {
            State = alert.State == Dismissed ? FlagState.Dismissed : FlagState.Active,
            Value = alert.State,
            Interventions = [.. Interventions(alert).Select(i => new FlagIntervention(i.ActorId, i.Note, i.At, Active, i.Action == "dismissed" ? null : i.Action))],
        };

    private Task<bool> ExistsAsync(string dedupKey, CancellationToken cancellationToken) =>
        db.Set<FollowUpAlertRecord>().AnyAsync(a => a.DedupKey == dedupKey, cancellationToken);

    private FollowUpAlertRecord Add(string kind, string dedup, Guid customerId, Guid visitRecordId, BilingualText message, string[] recipients,
        List<StoredVisitSummary> visits, DateTimeOffset now)
    {
        var record = new FollowUpAlertRecord
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            DedupKey = dedup,
            CustomerId = customerId,
            VisitRecordId = visitRecordId,
            MessageZh = message.Zh,
            MessageEn = message.En,
            Recipients = recipients,
            RaisedAt = now,
            RecentVisitsJson = JsonSerializer.Serialize(visits, Json),
            State = Active,
            InterventionsJson = "[]",
        };
        db.Set<FollowUpAlertRecord>().Add(record);
        return record;
    }
}
