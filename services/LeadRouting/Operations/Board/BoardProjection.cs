using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using LeadStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;
using SalesMesh.LeadRouting.Operations.Sla;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Operations.Board;

/// <summary>
/// Turns lead rows into claim-board rows for one viewer (LR-5): status, owner (id and name), running SLA due
/// times, and contact details masked unless the viewer owns the lead, supervises its owner, or is
/// an admin (<see cref="ContactVisibility"/>). The company always stays visible.
/// </summary>
internal static class BoardProjection
{
    public const int SnapshotLimit = 2000;

    public static async Task<List<LeadRecord>> SnapshotLeadsAsync(LeadRoutingDbContext db, CancellationToken ct) =>
        await db.Leads.AsNoTracking()
            .Where(l => l.Status != LeadStatus.Converted)
            .OrderByDescending(l => l.StatusChangedAt).ThenBy(l => l.Id)
            .Take(SnapshotLimit)
            .ToListAsync(ct);

    public static async Task<List<BoardLead>> ProjectAsync(LeadRoutingDbContext db, Caller viewer, IReadOnlyList<LeadRecord> leads, CancellationToken ct)
    {
        var owners = leads.Select(l => l.OwnerUserId).Where(o => o is not null).Distinct().ToList();
        var ownerReps = await db.Reps.AsNoTracking().Where(r => owners.Contains(r.UserId))
            .ToDictionaryAsync(r => r.UserId, r => new { r.SupervisorUserId, r.DisplayName }, ct);
        var keys = leads.Where(l => l.IsOwned).Select(l => SlaClockScheduler.Key(l.Id)).ToList();
        var timers = await db.Set<DurableTimer>().AsNoTracking()
            .Where(t => t.Kind == TimerKinds.Sla && keys.Contains(t.Key) && t.FiredAt == null)
            .ToDictionaryAsync(t => t.Key, t => t.Payload, ct);

        var role = viewer.IsAdmin ? ViewerRole.Admin : viewer.IsInRole(CallerRoles.Supervisor) ? ViewerRole.Supervisor : ViewerRole.Rep;
        return [.. leads.Select(lead =>
        {
            var ownerRep = lead.OwnerUserId is { } o ? ownerReps.GetValueOrDefault(o) : null;
            var supervisor = ownerRep?.SupervisorUserId;
            var full = ContactVisibility.CanSeeFull(viewer.UserId, role, lead.OwnerUserId, supervisor);
            var row = new BoardLead
            {
                LeadId = new LeadId { Value = lead.Id.ToString("D") },
                Status = StatusOf(lead.Status),
                Company = lead.Company ?? "",
                ContactName = full ? lead.Name ?? "" : ContactMasker.MaskName(lead.Name),
                Phone = full ? lead.Phone ?? "" : ContactMasker.MaskPhone(lead.Phone),
                Email = full ? lead.Email ?? "" : ContactMasker.MaskEmail(lead.Email),
                ContactMasked = !full,
                City = lead.City ?? "",
                ProductLine = lead.ProductLine ?? "",
                StatusChangedAt = Timestamp.FromDateTimeOffset(lead.StatusChangedAt),
            };
            if (lead.OwnerUserId is not null)
                row.Owner = new UserId { Value = lead.OwnerUserId };
            if (ownerRep is not null)
                row.OwnerName = ownerRep.DisplayName;
            if (timers.GetValueOrDefault(SlaClockScheduler.Key(lead.Id)) is { } json
                && SlaTimerPayload.FromJson(json) is { } clock && clock.AssignmentId == lead.CurrentAssignmentId)
            {
                if (lead.ViewedAt is null && lead.Status == LeadStatus.Assigned)
                    row.ViewDueAt = Timestamp.FromDateTimeOffset(clock.ViewDueAt);
                if (lead.Status != LeadStatus.Contacted)
                    row.FirstCallDueAt = Timestamp.FromDateTimeOffset(clock.FirstCallDueAt);
            }
            return row;
        })];
    }

    public static BoardLeadStatus StatusOf(LeadStatus status) => status switch
    {
        LeadStatus.Unassigned => BoardLeadStatus.Unassigned,
        LeadStatus.Assigned => BoardLeadStatus.Assigned,
        LeadStatus.Viewed => BoardLeadStatus.Viewed,
        LeadStatus.Contacted => BoardLeadStatus.Contacted,
        LeadStatus.Converted => BoardLeadStatus.Converted,
        LeadStatus.Abandoned => BoardLeadStatus.Abandoned,
        LeadStatus.PublicPool => BoardLeadStatus.PublicPool,
        LeadStatus.CleaningPool => BoardLeadStatus.CleaningPool,
        _ => BoardLeadStatus.Unspecified,
    };
}
