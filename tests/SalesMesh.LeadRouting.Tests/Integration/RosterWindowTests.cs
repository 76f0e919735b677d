using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>
/// LR-3's follow-up multiplier and responsiveness factor count what happened in the policy's
/// windows: the database does the counting (every intake needs it), so the window is tested here.
/// </summary>
[Collection(SharedHostCollection.Name)]
public sealed class RosterWindowTests(LeadRoutingHost host)
{
    [Fact]
    public async Task Only_follow_ups_and_sla_clocks_inside_the_policy_windows_count()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2);
        var (a, b) = (team.Reps[0].UserId, team.Reps[1].UserId);
        var lead = await host.As(People.Admin()).IntakeLeadAsync(People.Lead(People.NewMobile()));
        var leadId = Guid.Parse(lead.LeadId.Value);
        var now = DateTimeOffset.UtcNow;
        var policy = await host.QueryAsync(db => RoutingPolicyStore.GetCurrentAsync(db, default));
        DateTimeOffset InFollowUpWindow(int daysBeforeEdge) => now - policy.FollowUp.Window + TimeSpan.FromDays(daysBeforeEdge);
        DateTimeOffset InSlaWindow(int daysBeforeEdge) => now - policy.Responsiveness.Window + TimeSpan.FromDays(daysBeforeEdge);

        await host.QueryAsync(async db =>
        {
            void Contact(string rep, DateTimeOffset at) => db.LeadContacts.Add(new LeadContactRecord
            {
                Id = Guid.NewGuid(), LeadId = leadId, RepUserId = rep, Kind = "call", ContactedAt = at, RecordedAt = at,
            });
            void Clock(string rep, DateTimeOffset due, bool met) => db.RepSlaRecords.Add(new RepSlaRecord
            {
                Id = Guid.NewGuid(), LeadId = leadId, RepUserId = rep, Clock = "view", DueAt = due, Met = met,
            });
            Contact(a, InFollowUpWindow(27));
            Contact(a, InFollowUpWindow(-1));   // just outside
            Contact(a, now.AddHours(1));        // not yet happened (clock skew)
            Contact(b, InFollowUpWindow(27));
            Contact(b, InFollowUpWindow(1));
            Clock(a, InSlaWindow(28), met: true);
            Clock(a, InSlaWindow(27), met: true);
            Clock(a, InSlaWindow(-10), met: false);
            Clock(b, InSlaWindow(28), met: false);
            Clock(b, InSlaWindow(27), met: true);
            return await db.SaveChangesAsync();
        });

        var candidates = await host.QueryAsync(db => RosterLoader.LoadCandidatesAsync(db, policy, now, default));

        var loadA = candidates.Single(c => c.Rep.RepId == a).Workload;
        var loadB = candidates.Single(c => c.Rep.RepId == b).Workload;
        Assert.Equal(1, loadA.FollowUpsInWindow);
        Assert.Equal(2, loadB.FollowUpsInWindow);
        Assert.Equal(new(Due: 2, Met: 2), loadA.Sla);
        Assert.Equal(new(Due: 2, Met: 1), loadB.Sla);
    }
}
