using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Tests.Operations.Support;

/// <summary>
/// Test data written the way the service writes it: reps as roster rows, leads routed through
/// LR-CORE's LeadAssignmentService (so history, LeadAssigned and the SLA clocks follow as in production).
/// Every test uses its own territory, so leads of different tests never route to each other's reps.
/// </summary>
internal static class Seed
{
    public static string NewTerritory() => "T-" + Guid.NewGuid().ToString("N")[..8];

    public static Caller Rep(string id, string name = "销售") => new(id, name, new HashSet<string> { CallerRoles.Rep }, "team-1");

    public static Caller Supervisor(string id, string name = "主管") => new(id, name, new HashSet<string> { CallerRoles.Supervisor }, "team-1");

    /// <summary>Adds an active rep (always on shift) and returns their user id.</summary>
    public static Task<string> RepAsync(OpsHost host, string territory, string? backup = null, string? supervisor = null, string? id = null,
        string[]? qualifications = null) =>
        host.DbAsync(async db =>
        {
            var userId = id ?? Guid.NewGuid().ToString("D");
            db.Reps.Add(new RepRecord
            {
                UserId = userId,
                DisplayName = "rep " + userId[..4],
                TeamId = "team-1",
                SupervisorUserId = supervisor,
                Territories = [territory],
                Qualifications = [.. qualifications ?? []],
                Capacity = 100,
                BackupUserId = backup,
                Active = true,
                Version = 1,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            return userId;
        });

    /// <summary>A new lead in <paramref name="territory"/>, routed at once (reason "intake"); returns its id.</summary>
    public static Task<Guid> RoutedLeadAsync(OpsHost host, string territory) =>
        host.DbAsync(async (db, services) =>
        {
            var assignments = services.GetRequiredService<LeadAssignmentService>();
            var time = services.GetRequiredService<TimeProvider>();
            var lead = NewLead(territory, time.GetUtcNow());
            await db.InTransactionAsync(async (db, ct) =>
            {
                db.Leads.Add(lead);
                await db.SaveChangesAsync(ct); // the assignment row references the lead
                await assignments.RouteAsync(lead, [], AssignmentReasons.Intake, "system", ct);
            });
            return lead.Id;
        });

    /// <summary>A lead sitting in the public pool (nobody owned it before).</summary>
    public static Task<Guid> PooledLeadAsync(OpsHost host, string territory) =>
        host.DbAsync(async (db, services) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var lead = NewLead(territory, now);
            lead.Status = LeadStatus.PublicPool;
            lead.PooledAt = now;
            lead.PoolReasonZh = "没有符合条件的销售";
            lead.PoolReasonEn = "no eligible rep";
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
            return lead.Id;
        });

    public static Task<LeadRecord> LeadAsync(OpsHost host, Guid id) =>
        host.DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    /// <summary>Events of type <typeparamref name="T"/> about <paramref name="leadId"/> the service committed to its outbox, oldest first.</summary>
    public static Task<List<T>> EventsAsync<T>(OpsHost host, Guid leadId) where T : class =>
        host.DbAsync(async db =>
        {
            var type = EventContracts.NameOf(typeof(T));
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType == type).OrderBy(m => m.Sequence).ToListAsync();
            return rows.Select(m => System.Text.Json.JsonSerializer.Deserialize<T>(m.Body, Json)!)
                .Where(e => (Guid)typeof(T).GetProperty("LeadId")!.GetValue(e)! == leadId)
                .ToList();
        });

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>The lead's chained history, after linking whatever is still a draft (as VerifyHistory does).</summary>
    public static Task<List<HistoryEntryRecord>> HistoryAsync(OpsHost host, Guid leadId) =>
        host.DbAsync(async (db, services) =>
        {
            await services.GetRequiredService<HistorySealer>().SealPendingAsync(CancellationToken.None);
            return await db.History.AsNoTracking().Where(h => h.LeadId == leadId).OrderBy(h => h.LeadSequence).ToListAsync();
        });

    private static LeadRecord NewLead(string territory, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Channel = "web-form",
        ReceivedAt = now,
        Name = "张三丰",
        Phone = "138-0013-8000",
        PhoneNormalized = "+8613800138000",
        Email = "zhang@example.com",
        EmailNormalized = "zhang@example.com",
        Company = "杭州某某医疗器械有限公司",
        City = territory,
        Territory = territory,
        StatusChangedAt = now,
    };
}
