using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Sla;
using SalesMesh.LeadRouting.Timers;

namespace SalesMesh.LeadRouting.Operations.Sla;

/// <summary>The current assignment's SLA clocks of one lead: due times and what the owner did so far.</summary>
public sealed record SlaClockView(SlaKind Kind, DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? SatisfiedAt, SlaClockStatus Status);

public enum SlaClockStatus
{
    Pending,
    Met,
    Breached,
}

internal static class SlaProgressReader
{
    /// <summary>
    /// Progress of <paramref name="repUserId"/> on the lead since <paramref name="assignedAt"/>: the
    /// lead's viewed time, and their first recorded contact after the assignment.
    /// </summary>
    public static async Task<SlaProgress> ReadAsync(LeadRoutingDbContext db, LeadRecord lead, string repUserId, DateTimeOffset assignedAt, CancellationToken ct)
    {
        var firstCall = await db.LeadContacts.AsNoTracking()
            .Where(c => c.LeadId == lead.Id && c.RepUserId == repUserId && c.ContactedAt >= assignedAt)
            .OrderBy(c => c.ContactedAt)
            .Select(c => (DateTimeOffset?)c.ContactedAt)
            .FirstOrDefaultAsync(ct);
        var viewed = lead.ViewedAt is { } v && v >= assignedAt ? v : (DateTimeOffset?)null;
        return new SlaProgress(assignedAt, viewed, firstCall);
    }

    /// <summary>
    /// The clocks of the lead's current assignment, or empty when nobody owns it. Due times come from
    /// the running timer when it belongs to this assignment, else from the current policy.
    /// </summary>
    public static async Task<IReadOnlyList<SlaClockView>> ClocksAsync(LeadRoutingDbContext db, LeadRecord lead, SlaPolicy currentPolicy, DateTimeOffset now, CancellationToken ct)
    {
        if (!lead.IsOwned || lead.OwnerUserId is null || lead.AssignedAt is not { } assignedAt)
            return [];
        var key = SlaClockScheduler.Key(lead.Id);
        var json = await db.Set<ServiceDefaults.Timers.DurableTimer>().AsNoTracking()
            .Where(t => t.Kind == TimerKinds.Sla && t.Key == key).Select(t => t.Payload).FirstOrDefaultAsync(ct);
        var payload = json is null ? null : SlaTimerPayload.FromJson(json);
        var deadlines = payload is not null && payload.AssignmentId == lead.CurrentAssignmentId
            ? new SlaDeadlines(payload.ViewDueAt, payload.FirstCallDueAt)
            : SlaClock.Deadlines(currentPolicy, assignedAt);
        var progress = await ReadAsync(db, lead, lead.OwnerUserId, assignedAt, ct);
        return
        [
            View(SlaKind.View, assignedAt, deadlines.ViewDueAt, progress.EffectiveViewedAt, now),
            View(SlaKind.FirstCall, assignedAt, deadlines.FirstCallDueAt, progress.FirstCallAt, now),
        ];
    }

    private static SlaClockView View(SlaKind kind, DateTimeOffset startedAt, DateTimeOffset due, DateTimeOffset? done, DateTimeOffset now)
    {
        var status = done is { } d ? (d <= due ? SlaClockStatus.Met : SlaClockStatus.Breached)
            : now >= due ? SlaClockStatus.Breached : SlaClockStatus.Pending;
        return new SlaClockView(kind, startedAt, due, done, status);
    }
}
