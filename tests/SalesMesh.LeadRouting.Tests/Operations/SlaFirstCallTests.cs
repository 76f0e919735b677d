using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Tests.Integration;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using DomainStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>
/// LR-4 first-call clock over gRPC: the owner viewed the lead in time but never called. The lead
/// goes to the backup only if the backup may take it; here the backup lacks the product line's
/// qualification, so it goes to the next best rep — or, with nobody else qualified, to the public pool.
/// Each test uses its own product line, so only its own reps qualify.
/// </summary>
public sealed class SlaFirstCallTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;
    private LeadRoutingService.LeadRoutingServiceClient Routing => new(Host.Channel);

    [Fact]
    public async Task A_missed_first_call_goes_to_the_next_best_rep_when_the_backup_is_not_eligible()
    {
        var (territory, line, supervisor) = (Seed.NewTerritory(), NewProductLine(), Guid.NewGuid().ToString("D"));
        var backup = await Seed.RepAsync(Host, territory, supervisor: supervisor); // not qualified for the line
        var owner = await Seed.RepAsync(Host, territory, backup: backup, supervisor: supervisor, qualifications: [line]);
        var (leadId, assignedAt) = await IntakeAsync(line, territory, owner);
        var next = await Seed.RepAsync(Host, territory, qualifications: [line]); // joins after the intake

        await ViewInTimeAsync(leadId, owner);
        fx.Clock.Advance(TimeSpan.FromMinutes(100)); // 1 h 50 min after assignment: the call is not due yet
        await Task.Delay(800);
        Assert.Equal(owner, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);

        fx.Clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).OwnerUserId == next, "lead handed to the next best rep");

        var warning = Assert.Single(await Seed.EventsAsync<LeadSlaBreached>(Host, leadId));
        Assert.Equal(("first-call", owner, supervisor, "next-best-candidate", next),
            (warning.Clock, warning.RepUserId, warning.SupervisorUserId, warning.Reassignment, warning.NewRepUserId));
        Assert.Equal(assignedAt.AddHours(2), warning.DueAtUtc);
        Assert.Contains("资质", warning.RepMessageZh); // why the backup could not take it
        Assert.Contains("次优人选", warning.SupervisorMessageZh);
        var moved = Assert.Single(await Seed.EventsAsync<LeadReassigned>(Host, leadId));
        Assert.Equal((owner, next, "sla-breach"), (moved.FromRepUserId, moved.ToRepUserId, moved.Cause));
        var records = await Host.DbAsync(db => db.RepSlaRecords.AsNoTracking().Where(r => r.LeadId == leadId).OrderBy(r => r.DueAt).ToListAsync());
        Assert.Equal([("view", true, owner), ("first-call", false, owner)], records.Select(r => (r.Clock, r.Met, r.RepUserId)));

        var seen = await Routing.GetLeadAsync(new GetLeadRequest { LeadId = Id(leadId) }, Host.As(Seed.Rep(next)));
        Assert.Equal((LeadStatus.Assigned, next, "sla-breach"), (seen.Lead.Status, seen.Assignment.Rep.Value, seen.Assignment.Reason));
        Assert.Equal(["lead-received", "lead-assigned", "lead-viewed", "lead-assigned", "lead-sla-breached"], seen.History.Select(h => h.Kind));
    }

    [Fact]
    public async Task A_missed_first_call_goes_to_the_public_pool_when_nobody_else_is_eligible()
    {
        var (territory, line, supervisor) = (Seed.NewTerritory(), NewProductLine(), Guid.NewGuid().ToString("D"));
        var backup = await Seed.RepAsync(Host, territory, supervisor: supervisor); // not qualified for the line
        var owner = await Seed.RepAsync(Host, territory, backup: backup, supervisor: supervisor, qualifications: [line]);
        var (leadId, _) = await IntakeAsync(line, territory, owner);

        await ViewInTimeAsync(leadId, owner);
        fx.Clock.Advance(TimeSpan.FromMinutes(111));
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == DomainStatus.PublicPool, "lead moved to the public pool");

        var lead = await Seed.LeadAsync(Host, leadId);
        Assert.Null(lead.OwnerUserId);
        Assert.Contains("公海", lead.PoolReasonZh);
        var warning = Assert.Single(await Seed.EventsAsync<LeadSlaBreached>(Host, leadId));
        Assert.Equal(("first-call", "public-pool", (string?)null), (warning.Clock, warning.Reassignment, warning.NewRepUserId));
        Assert.Contains("没有其他符合条件的销售", warning.SupervisorMessageZh);
        var pooled = Assert.Single(await Seed.EventsAsync<LeadPooled>(Host, leadId));
        Assert.Equal(("public-pool", owner, "sla-breach"), (pooled.Pool, pooled.PreviousOwnerUserId, pooled.Cause));
        Assert.Empty(await Seed.EventsAsync<LeadReassigned>(Host, leadId));

        var listed = await Host.Client.ListPublicPoolAsync(new ListPublicPoolRequest { Page = new PageRequest { PageSize = 200 } }, Host.As(Seed.Rep(backup)));
        Assert.Contains(listed.Leads, l => l.LeadId.Value == leadId.ToString("D"));
    }

    private static string NewProductLine() => "pl-" + Guid.NewGuid().ToString("N")[..8];

    private static LeadId Id(Guid id) => new() { Value = id.ToString("D") };

    /// <summary>A lead of the line taken in over gRPC (as the intake desk would), routed to <paramref name="expectedOwner"/>.</summary>
    private async Task<(Guid LeadId, DateTimeOffset AssignedAt)> IntakeAsync(string line, string territory, string expectedOwner)
    {
        var intake = await Routing.IntakeLeadAsync(People.Lead(People.NewMobile(), line, territory: territory), Host.As(Seed.Rep("desk-" + line)));
        Assert.Equal(expectedOwner, intake.Owner?.Value);
        return (Guid.Parse(intake.LeadId.Value), fx.Clock.GetUtcNow());
    }

    /// <summary>Ten minutes after the assignment the owner opens the lead: the view clock is met, the first-call clock runs on.</summary>
    private async Task ViewInTimeAsync(Guid leadId, string owner)
    {
        fx.Clock.Advance(TimeSpan.FromMinutes(10));
        var viewed = await Routing.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = Id(leadId) }, Host.As(Seed.Rep(owner)));
        Assert.Equal(LeadStatus.Viewed, viewed.Lead.Status);
    }
}
