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
        // Every intake asks: the database answers with the few distinct names, not every rep's array.
        var names = await db.Database.SqlQuery<string>($"SELECT DISTINCT unnest(territories) AS \"Value\" FROM lead_routing.reps")
            .ToListAsync(cancellationToken);
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Routing candidates for the active reps: profile plus open leads (the reps row's trigger-kept
    /// count, committed state), follow-ups and SLA records in the policy windows.
    /// </summary>
    public static async Task<IReadOnlyList<RoutingCandidate>> LoadCandidatesAsync(LeadRoutingDbContext db, RoutingPolicy policy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = new List<RoutingCandidate>();
        await foreach (var row in Candidates(db, now - policy.FollowUp.Window, now - policy.Responsiveness.Window, now).WithCancellation(cancellationToken))
        {
            candidates.Add(new RoutingCandidate(ToProfile(row.Rep),
                new RepWorkload(row.Rep.OpenLeadCount, row.Rep.LastAssignedAt, row.FollowUps, new SlaTally(row.SlaDue, row.SlaMet))));
        }
        return candidates;
    }

    private sealed record CandidateRow(RepRecord Rep, int FollowUps, int SlaDue, int SlaMet);

    /// <summary>
    /// One round trip; the database counts each rep's follow-ups and SLA clocks in the policy
    /// windows (indexes on rep and time), so no contact row ever leaves it. Compiled once: every
    /// routing decision runs it, and this skips building, hashing and looking up the LINQ tree each time.
    /// </summary>
    private static readonly Func<LeadRoutingDbContext, DateTimeOffset, DateTimeOffset, DateTimeOffset, IAsyncEnumerable<CandidateRow>> Candidates =
        EF.CompileAsyncQuery((LeadRoutingDbContext db, DateTimeOffset followUpSince, DateTimeOffset slaSince, DateTimeOffset now) =>
            db.Reps.AsNoTracking().Where(r => r.Active).OrderBy(r => r.UserId)
                .Select(r => new CandidateRow(r,
                    db.LeadContacts.Count(c => c.RepUserId == r.UserId && c.ContactedAt > followUpSince && c.ContactedAt <= now),
                    db.RepSlaRecords.Count(s => s.RepUserId == r.UserId && s.DueAt > slaSince && s.DueAt <= now),
                    db.RepSlaRecords.Count(s => s.RepUserId == r.UserId && s.DueAt > slaSince && s.DueAt <= now && s.Met))));
}
