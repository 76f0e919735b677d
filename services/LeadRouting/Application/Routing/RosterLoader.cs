using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>Reads the roster and each rep's routing state (LR-3 inputs) in a fixed number of queries.</summary>
public static class RosterLoader
{
    public static RepProfile ToProfile(RepRecord rep) => new(
        rep.UserId, rep.DisplayName, rep.TeamId ?? "",
        rep.Territories.ToHashSet(StringComparer.Ordinal),
        rep.Qualifications.ToHashSet(StringComparer.Ordinal),
        rep.Capacity, rep.SupervisorUserId, rep.BackupUserId, DomainJson.DeserializeShift(rep.Shift), rep.Active);

    /// <summary>All reps (active and not), untracked.</summary>
    public static Task<List<RepRecord>> LoadRosterAsync(LeadRoutingDbContext db, CancellationToken cancellationToken) =>
        db.Reps.AsNoTracking().OrderBy(r => r.UserId).ToListAsync(cancellationToken);

    /// <summary>Every territory some rep of the roster covers: the known territories (policy validation, intake).</summary>
    public static async Task<IReadOnlySet<string>> KnownTerritoriesAsync(LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        var lists = await db.Reps.AsNoTracking().Select(r => r.Territories).ToListAsync(cancellationToken);
        return lists.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Routing candidates for the active reps: profile plus open leads (the reps row's trigger-kept
    /// count, committed state), follow-ups and SLA records in the policy windows.
    /// </summary>
    public static async Task<IReadOnlyList<RoutingCandidate>> LoadCandidatesAsync(LeadRoutingDbContext db, RoutingPolicy policy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reps = await db.Reps.AsNoTracking().Where(r => r.Active).OrderBy(r => r.UserId).ToListAsync(cancellationToken);
        if (reps.Count == 0)
            return [];

        var followUpSince = now - policy.FollowUp.Window;
        var followUps = (await db.LeadContacts.AsNoTracking()
                .Where(c => c.ContactedAt > followUpSince && c.ContactedAt <= now)
                .Select(c => new { c.RepUserId, c.ContactedAt })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.RepUserId, c => c.ContactedAt);

        var slaSince = now - policy.Responsiveness.Window;
        var sla = (await db.RepSlaRecords.AsNoTracking()
                .Where(s => s.DueAt > slaSince && s.DueAt <= now)
                .Select(s => new { s.RepUserId, s.DueAt, s.Met })
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.RepUserId, s => new SlaRecord(s.DueAt, s.Met));

        return reps.Select(r => new RoutingCandidate(ToProfile(r), new RepWorkload(
                r.OpenLeadCount,
                r.LastAssignedAt,
                [.. followUps[r.UserId]],
                [.. sla[r.UserId]])))
            .ToList();
    }
}
