using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>
/// Who may see a lead and who sees its contact details (PRODUCT §2, GW-3):
/// <list type="bullet">
/// <item>admin: every lead, in full;</item>
/// <item>supervisor: leads owned by their team (or by reps they supervise) in full, unowned leads
/// (unassigned, pools) masked; other teams' leads do not exist for them;</item>
/// <item>rep: their own leads in full, unowned leads masked; other reps' leads do not exist for them;</item>
/// <item>other roles: no leads.</item>
/// </list>
/// </summary>
internal static class LeadAccess
{
    public static bool IsSalesRole(Caller caller) =>
        caller.IsInRole(CallerRoles.Rep) || caller.IsSupervisor;

    /// <summary>
    /// Who enters leads (IntakeLead, IntakeLeadBatch, ImportLeads): the sales roles — reps (also the
    /// intake desk), supervisors, admins. A partner or channel integration signs in as a user with one
    /// of these roles (there is no separate integration role); finance, delivery and presales do not enter leads.
    /// </summary>
    public static bool MayEnterLeads(Caller caller) => IsSalesRole(caller);

    /// <param name="ownerSupervisorId">The owner's supervisor on the roster, if known.</param>
    public static bool CanSee(Caller caller, LeadRecord lead, string? ownerSupervisorId) =>
        caller.IsAdmin
        || (IsSalesRole(caller) && lead.OwnerUserId is null)
        || SeesInFull(caller, lead, ownerSupervisorId);

    public static bool SeesInFull(Caller caller, LeadRecord lead, string? ownerSupervisorId) =>
        caller.IsAdmin
        || (lead.OwnerUserId is not null && lead.OwnerUserId == caller.UserId)
        || (caller.IsSupervisor && lead.OwnerUserId is not null
            && ((caller.TeamId is not null && lead.OwnerTeamId == caller.TeamId) || ownerSupervisorId == caller.UserId));

    /// <summary>The owner's supervisor on the roster (a supervisor sees the leads of reps they supervise), or null for an unowned lead.</summary>
    public static async Task<string?> OwnerSupervisorAsync(LeadRoutingDbContext db, LeadRecord? lead, CancellationToken ct) =>
        lead?.OwnerUserId is null ? null
            : await db.Reps.AsNoTracking().Where(r => r.UserId == lead.OwnerUserId).Select(r => r.SupervisorUserId).SingleOrDefaultAsync(ct);

    /// <summary><see cref="CanSee"/> with the owner's supervisor read from the roster.</summary>
    public static async Task<bool> CanSeeAsync(LeadRoutingDbContext db, Caller caller, LeadRecord lead, CancellationToken ct) =>
        CanSee(caller, lead, await OwnerSupervisorAsync(db, lead, ct));

    public static bool IsOwner(Caller caller, LeadRecord lead) =>
        lead.OwnerUserId is not null && lead.OwnerUserId == caller.UserId;
}
