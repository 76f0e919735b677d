using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Timers;
using DomainStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>LR-7 recycle rules are policy data: an admin's shorter window applies to the next sweep. Own host: it changes the global policy.</summary>
public sealed class RecyclePolicyTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;

    [Fact]
    public async Task A_24_hour_recycle_window_saved_through_the_API_is_what_the_sweep_applies()
    {
        var admin = Host.As(new Caller("admin-recycle", "管理员", new HashSet<string> { CallerRoles.Admin }, null));
        var routing = new LeadRoutingService.LeadRoutingServiceClient(Host.Channel);
        var current = (await routing.GetRoutingPolicyAsync(new GetRoutingPolicyRequest(), admin)).Policy;
        Assert.Equal(48, current.PoolRecycleAfterHours);
        var policy = current.Clone();
        policy.PoolRecycleAfterHours = 24;
        // SLA clocks far beyond the window, so only the recycle rule can move the lead.
        policy.SlaViewWithinMinutes = 5 * 24 * 60;
        policy.SlaFirstCallWithinMinutes = 5 * 24 * 60;
        await routing.PutRoutingPolicyAsync(new PutRoutingPolicyRequest { Policy = policy, ExpectedVersion = current.Version, Comment = "公海回收缩短为 24 小时" }, admin);

        var territory = Seed.NewTerritory();
        await Seed.RepAsync(Host, territory);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);

        fx.Clock.Advance(TimeSpan.FromHours(23));
        await SweepRanAsync();
        Assert.Equal(DomainStatus.Assigned, (await Seed.LeadAsync(Host, leadId)).Status);

        fx.Clock.Advance(TimeSpan.FromHours(2)); // 25 h: past the new window, well before the default 48 h
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == DomainStatus.PublicPool, "lead recycled after 24 h");
        var pooled = Assert.Single(await Seed.EventsAsync<LeadPooled>(Host, leadId));
        Assert.Equal(("public-pool", "not-contacted-in-time"), (pooled.Pool, pooled.Cause));
        Assert.Contains("24 小时内未联系", pooled.ReasonZh);
        Assert.Contains("24 小时内未联系", (await Seed.LeadAsync(Host, leadId)).PoolReasonZh);
    }

    /// <summary>Waits until the recycle sweep has run at the current service time (it then re-arms itself 5 minutes later).</summary>
    private Task SweepRanAsync() => Eventually.TrueAsync(async () =>
    {
        var now = fx.Clock.GetUtcNow();
        return await Host.DbAsync(db => db.Timers(TimerKinds.RecycleSweep).AnyAsync(t => t.Key == TimerKinds.RecycleSweepKey && t.DueAt > now));
    }, "the recycle sweep ran");
}
