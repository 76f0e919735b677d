using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-3 under load, through the service: capacity holds when intakes race, and equal reps share leads fairly.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ConcurrentRoutingTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    [Fact]
    public async Task Concurrent_intakes_never_push_a_rep_past_capacity_and_the_rest_go_to_the_public_pool()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2, capacity: 3);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, territory: team.Territory)).ResponseAsync));

        // Two reps with room for 3 each: exactly 6 assigned, 3 each; the other 10 wait in the pool with the reason.
        var perRep = answers.Where(a => a.Status == LeadStatus.Assigned).GroupBy(a => a.Owner.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(team.Reps.Select(r => r.UserId).Order(), perRep.Keys.Order());
        Assert.All(perRep.Values, count => Assert.Equal(3, count));
        Assert.All(answers.Where(a => a.Status != LeadStatus.Assigned), a =>
        {
            Assert.Equal(LeadStatus.PublicPool, a.Status);
            Assert.Contains("满负荷", a.RoutingSummary, StringComparison.Ordinal);
        });
        // The database's own count agrees with the leads they own.
        var counted = await host.QueryAsync(db => db.Reps.AsNoTracking()
            .Where(r => r.TeamId == team.TeamId).Select(r => r.OpenLeadCount).ToListAsync());
        Assert.Equal([3, 3], counted);
    }

    [Fact]
    public async Task A_thousand_equal_leads_over_four_equal_reps_give_each_within_5_percent_of_250()
    {
        var team = await TestTeam.CreateAsync(host, reps: 4, capacity: 10_000);

        // Four clients at a time, as several channels deliver at once.
        var owners = new List<string>();
        foreach (var chunk in Enumerable.Range(0, 1000).Chunk(4))
        {
            var answers = await Task.WhenAll(chunk.Select(_ =>
                _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, territory: team.Territory)).ResponseAsync));
            owners.AddRange(answers.Select(a => a.Owner.Value));
        }

        var shares = owners.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, shares.Count);
        Assert.All(shares.Values, count => Assert.InRange(count, 238, 262));
    }
}
