using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Sla;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Operations.Sla;

/// <summary>
/// Keeps each lead's SLA timer in step with the lead events enqueued in the same unit of work, so
/// every path that assigns, views, contacts, releases or pools a lead (LR-CORE's RPCs, routing at
/// intake, this folder's claims and overrides) starts or stops the clocks atomically with the change
/// — without calling into this code. Runs inside SaveChanges (from <see cref="LeadOperationsSaveInterceptor"/>):
/// <list type="bullet">
/// <item><c>LeadAssigned</c> to a rep → schedule the timer at the view due time (policy of now, business hours applied);</item>
/// <item><c>LeadViewed</c> by the owner → record the view clock (met) and move the timer to the first-call due time;</item>
/// <item><c>LeadContacted</c> by the owner → record the open clocks and cancel the timer;</item>
/// <item>to a pool, released, converted → cancel the timer (nothing is owed any more).</item>
/// </list>
/// A late view or call is not recorded here: the timer fires at the due time and the breach handler records it.
/// </summary>
internal static class SlaClockScheduler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Assigned = EventContracts.NameOf(typeof(LeadAssigned));
    private static readonly string Viewed = EventContracts.NameOf(typeof(LeadViewed));
    private static readonly string Contacted = EventContracts.NameOf(typeof(LeadContacted));
    private static readonly string[] Stops =
    [
        EventContracts.NameOf(typeof(LeadReleased)),
        EventContracts.NameOf(typeof(LeadConverted)),
        EventContracts.NameOf(typeof(LeadPooled)),
    ];

    public static async Task ApplyAsync(LeadRoutingDbContext db, bool async, CancellationToken ct)
    {
        var events = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .Where(m => m.MessageType == Assigned || m.MessageType == Viewed || m.MessageType == Contacted || Stops.Contains(m.MessageType))
            .OrderBy(m => m.CreatedAt)
            .ToList();
        if (events.Count == 0)
            return;

        // Payloads changed earlier in this same unit of work (assign, then view, then contact).
        var payloads = new Dictionary<Guid, SlaTimerPayload?>();
        foreach (var message in events)
        {
            if (message.MessageType == Assigned)
            {
                var e = Deserialize<LeadAssigned>(message);
                if (e.Outcome != AssignmentOutcomes.Assigned || e.RepUserId is null)
                {
                    Cancel(db, e.LeadId, payloads);
                    continue;
                }
                // The policy the decision was made under (read moments ago in this unit of work) when this process has it.
                var policy = RoutingPolicyStore.Cached(db, e.PolicyVersion) ?? (async
                    ? await RoutingPolicyStore.GetCurrentAsync(db, ct)
                    : RoutingPolicyStore.GetCurrentAsync(db, ct).GetAwaiter().GetResult());
                var deadlines = SlaClock.Deadlines(policy.Sla, e.AssignedAtUtc);
                var payload = new SlaTimerPayload(e.AssignmentId, e.RepUserId, e.AssignedAtUtc, deadlines.ViewDueAt, deadlines.FirstCallDueAt);
                if (IsNewLead(db, e.LeadId))
                    db.ScheduleNewTimer(TimerKinds.Sla, Key(e.LeadId), payload.ViewDueAt, payload.ToJson());
                else
                    db.ScheduleTimer(TimerKinds.Sla, Key(e.LeadId), payload.ViewDueAt, payload.ToJson());
                payloads[e.LeadId] = payload;
            }
            else if (message.MessageType == Viewed)
            {
                var e = Deserialize<LeadViewed>(message);
                var payload = await CurrentAsync(db, e.LeadId, payloads, async, ct);
                if (payload is null || payload.RepUserId != e.RepUserId || e.ViewedAtUtc > payload.ViewDueAt)
                    continue; // not the running clock's owner, or late: the breach handler settles it
                Record(db, payload, e.LeadId, "view", payload.ViewDueAt, met: true);
                db.ScheduleTimer(TimerKinds.Sla, Key(e.LeadId), payload.FirstCallDueAt, payload.ToJson());
            }
            else if (message.MessageType == Contacted)
            {
                var e = Deserialize<LeadContacted>(message);
                var payload = await CurrentAsync(db, e.LeadId, payloads, async, ct);
                if (payload is null || payload.RepUserId != e.RepUserId || e.ContactedAtUtc > payload.FirstCallDueAt)
                    continue;
                var viewAlreadyRecorded = await ViewRecordedAsync(db, payload, e.LeadId, async, ct);
                if (!viewAlreadyRecorded && e.ContactedAtUtc <= payload.ViewDueAt)
                    Record(db, payload, e.LeadId, "view", payload.ViewDueAt, met: true); // a call means it was seen
                Record(db, payload, e.LeadId, "first-call", payload.FirstCallDueAt, met: true);
                Cancel(db, e.LeadId, payloads);
            }
            else
            {
                using var doc = JsonDocument.Parse(message.Body);
                if (doc.RootElement.TryGetProperty("leadId", out var id) && id.TryGetGuid(out var leadId))
                    Cancel(db, leadId, payloads);
            }
        }
    }

    public static string Key(Guid leadId) => leadId.ToString("D");

    /// <summary>A lead created in this unit of work (an intake) cannot have a stored timer yet.</summary>
    private static bool IsNewLead(LeadRoutingDbContext db, Guid leadId) =>
        db.ChangeTracker.Entries<LeadRecord>().Any(l => l.State == EntityState.Added && l.Entity.Id == leadId);

    private static void Cancel(LeadRoutingDbContext db, Guid leadId, Dictionary<Guid, SlaTimerPayload?> payloads)
    {
        db.CancelTimer(TimerKinds.Sla, Key(leadId));
        payloads[leadId] = null;
    }

    private static void Record(LeadRoutingDbContext db, SlaTimerPayload payload, Guid leadId, string clock, DateTimeOffset dueAt, bool met) =>
        db.RepSlaRecords.Add(new RepSlaRecord { Id = Guid.NewGuid(), RepUserId = payload.RepUserId, LeadId = leadId, Clock = clock, DueAt = dueAt, Met = met });

    private static async Task<bool> ViewRecordedAsync(LeadRoutingDbContext db, SlaTimerPayload payload, Guid leadId, bool async, CancellationToken ct)
    {
        if (db.ChangeTracker.Entries<RepSlaRecord>().Any(r => r.State == EntityState.Added && r.Entity.LeadId == leadId && r.Entity.Clock == "view" && r.Entity.DueAt == payload.ViewDueAt))
            return true;
        var query = db.RepSlaRecords.AsNoTracking().Where(r => r.LeadId == leadId && r.Clock == "view" && r.DueAt == payload.ViewDueAt && r.RepUserId == payload.RepUserId);
        return async ? await query.AnyAsync(ct) : query.Any();
    }

    /// <summary>The running clock of the lead: set earlier in this unit of work, else the stored unfired timer.</summary>
    private static async Task<SlaTimerPayload?> CurrentAsync(LeadRoutingDbContext db, Guid leadId, Dictionary<Guid, SlaTimerPayload?> payloads, bool async, CancellationToken ct)
    {
        if (payloads.TryGetValue(leadId, out var known))
            return known;
        var key = Key(leadId);
        var query = db.Timers(TimerKinds.Sla).Where(t => t.Key == key && t.FiredAt == null).Select(t => t.Payload);
        var json = async ? await query.FirstOrDefaultAsync(ct) : query.FirstOrDefault();
        var payload = json is null ? null : SlaTimerPayload.FromJson(json);
        payloads[leadId] = payload;
        return payload;
    }

    private static T Deserialize<T>(OutboxMessage message) =>
        JsonSerializer.Deserialize<T>(message.Body, Json) ?? throw new JsonException($"Empty {typeof(T).Name} body in the outbox.");
}
