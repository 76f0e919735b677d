using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-3 at intake: explained routing stored and returned, the public pool when nobody qualifies, LeadAssigned on the broker.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class RoutingTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));
    private readonly LeadRoutingService.LeadRoutingServiceClient _admin = host.As(People.Admin());

    [Fact]
    public async Task A_new_lead_goes_to_a_qualified_rep_and_every_candidates_scores_are_stored_and_returned()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2);
        var response = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, territory: team.Territory));

        Assert.Equal(LeadStatus.Assigned, response.Status);
        Assert.Contains(response.Owner.Value, team.Reps.Select(r => r.UserId));
        Assert.NotEmpty(response.RoutingSummary);

        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = response.LeadId });
        var assignment = lead.Assignment;
        Assert.Equal(response.Owner, assignment.Rep);
        Assert.Equal("intake", assignment.Reason);
        var winner = assignment.Candidates.Single(c => c.Rank == 1);
        Assert.Equal(response.Owner, winner.Rep);
        Assert.Equal(["territory", "responsiveness", "load"], winner.Factors.Select(f => f.Factor));
        Assert.Equal("same-territory", winner.TerritoryMatch);
        var runnerUp = assignment.Candidates.Single(c => c.Rank == 2);
        Assert.Contains(runnerUp.Rep.Value, team.Reps.Select(r => r.UserId));
        Assert.NotEmpty(runnerUp.Explanation.ZhCn);
        Assert.NotEmpty(runnerUp.Explanation.En);
        // Reps of other teams were considered and excluded by the hard product-line filter, with the reason.
        Assert.All(assignment.Candidates.Where(c => c.Rank == 0), c => Assert.Contains("资质", c.Exclusions[0].ZhCn, StringComparison.Ordinal));

        var stored = await host.QueryAsync(db => db.LeadAssignments.AsNoTracking().SingleAsync(a => a.LeadId == Guid.Parse(response.LeadId.Value)));
        Assert.Equal(response.Owner.Value, stored.RepUserId);
        using var explanation = JsonDocument.Parse(stored.Explanation);
        Assert.True(explanation.RootElement.GetProperty("candidates").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task Equal_reps_take_turns()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2);
        var owners = new List<string>();
        for (var i = 0; i < 4; i++)
            owners.Add((await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, territory: team.Territory))).Owner.Value);

        // Fair tie-break: least recently assigned first, so two equal reps alternate.
        Assert.Equal(2, owners.Distinct().Count());
        Assert.NotEqual(owners[0], owners[1]);
        Assert.Equal(owners[0], owners[2]);
    }

    [Fact]
    public async Task When_nobody_is_qualified_the_lead_goes_to_the_public_pool_with_the_reason_never_an_error()
    {
        var line = "pl-nobody-" + People.Short();
        var response = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));

        Assert.Equal(LeadStatus.PublicPool, response.Status);
        Assert.Null(response.Owner);
        Assert.Contains("公海", response.RoutingSummary, StringComparison.Ordinal);
        Assert.Contains(line, response.RoutingSummary, StringComparison.Ordinal);

        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = response.LeadId });
        Assert.Equal(LeadStatus.PublicPool, lead.Lead.Status);
        Assert.Contains(line, lead.Lead.PoolReason, StringComparison.Ordinal);
        Assert.True(lead.Assignment.ToPublicPool);
        Assert.Contains(lead.History, h => h.Kind == "lead-pooled");
    }

    [Fact]
    public async Task LeadAssigned_with_the_explanation_summary_arrives_on_RabbitMQ()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        await using var probe = await BrokerProbe.ListenAsync(host.BusConnectionString, LeadAssigned.EventName);
        var response = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine));

        var body = await probe.WaitForAsync(response.LeadId.Value, TimeSpan.FromSeconds(30));
        using var envelope = JsonDocument.Parse(body);
        var message = envelope.RootElement.GetProperty("message");
        Assert.Equal("assigned", message.GetProperty("outcome").GetString());
        Assert.Equal(team.Reps[0].UserId, message.GetProperty("repUserId").GetString());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("summaryZh").GetString()));
    }
}
