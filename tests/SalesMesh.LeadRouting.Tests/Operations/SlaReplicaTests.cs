using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Tests.Operations.Support;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>LR-4 durability: clocks are rows, so they survive a restart, and two replicas on one database handle each breach exactly once.</summary>
public sealed class SlaReplicaTests(OpsFixture fx) : IClassFixture<OpsFixture>
{
    [Fact]
    public async Task Clocks_survive_a_restart_and_two_replicas_handle_every_breach_exactly_once()
    {
        var clock = new OpsClock(OpsFixture.Start);
        const int leads = 12;
        var territory = Seed.NewTerritory();
        var ids = new List<Guid>();
        string owner, backup;
        await using (var first = await fx.StartHostAsync(clock))
        {
            backup = await Seed.RepAsync(first, Seed.NewTerritory());
            owner = await Seed.RepAsync(first, territory, backup: backup);
            for (var i = 0; i < leads; i++)
                ids.Add(await Seed.RoutedLeadAsync(first, territory));
        } // the process is gone; only the database remembers the clocks

        clock.Advance(TimeSpan.FromMinutes(45)); // every view clock fell due while nothing ran
        await using var a = await fx.StartHostAsync(clock);
        await using var b = await fx.StartHostAsync(clock);
        await Eventually.TrueAsync(async () =>
        {
            var owners = await a.DbAsync(db => db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).Select(l => l.OwnerUserId).ToListAsync());
            return owners.All(o => o == backup);
        }, "every lead handed to the backup after the restart", 30);
        await Task.Delay(1000); // let any (wrong) second firing happen

        foreach (var id in ids)
        {
            Assert.Single(await Seed.EventsAsync<LeadSlaBreached>(a, id));
            Assert.Single(await Seed.EventsAsync<LeadReassigned>(a, id));
        }
        var breachRecords = await a.DbAsync(db => db.RepSlaRecords.AsNoTracking().Where(r => ids.Contains(r.LeadId) && !r.Met).CountAsync());
        Assert.Equal(leads, breachRecords);
        var kinds = (await Task.WhenAll(ids.Select(id => Seed.HistoryAsync(a, id)))).Sum(h => h.Count(e => e.Kind == "lead-sla-breached"));
        Assert.Equal(leads, kinds);
    }
}
