using System.Diagnostics;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>LR-4 against one LeadRouting host: clocks start on assignment, a breach warns and reassigns, viewing in time stops the view clock.</summary>
public sealed class SlaClockTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;

    [Fact]
    public async Task A_missed_view_clock_warns_rep_and_supervisor_and_hands_the_lead_to_the_backup()
    {
        var territory = Seed.NewTerritory();
        var supervisor = Guid.NewGuid().ToString("D");
        var backup = await Seed.RepAsync(Host, Seed.NewTerritory(), supervisor: supervisor);
        var owner = await Seed.RepAsync(Host, territory, backup: backup, supervisor: supervisor);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var assignedAt = fx.Clock.GetUtcNow();
        Assert.Equal(owner, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);

        var clocks = await Host.Client.GetSlaClocksAsync(new GetSlaClocksRequest { LeadId = new LeadId { Value = leadId.ToString("D") } }, Host.As(Seed.Rep(owner)));
        Assert.Equal([SlaClockState.Pending, SlaClockState.Pending], clocks.Clocks.Select(c => c.State));
        Assert.Equal(assignedAt.AddMinutes(30), clocks.Clocks.Single(c => c.Kind == SlaClockKind.View).DueAt.ToDateTimeOffset());
        Assert.Equal(assignedAt.AddHours(2), clocks.Clocks.Single(c => c.Kind == SlaClockKind.FirstCall).DueAt.ToDateTimeOffset());

        fx.Clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(800);
        Assert.Equal(owner, (await Seed.LeadAsync(Host, leadId)).OwnerUserId); // not before due

        fx.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).OwnerUserId == backup, "lead handed to the backup");

        var warning = Assert.Single(await Seed.EventsAsync<LeadSlaBreached>(Host, leadId));
        Assert.Equal(("view", owner, supervisor, "backup", backup), (warning.Clock, warning.RepUserId, warning.SupervisorUserId, warning.Reassignment, warning.NewRepUserId));
        Assert.Equal(assignedAt.AddMinutes(30), warning.DueAtUtc);
        Assert.Contains("超时", warning.RepMessageZh);
        Assert.Contains("备份人", warning.SupervisorMessageZh);
        var moved = Assert.Single(await Seed.EventsAsync<LeadReassigned>(Host, leadId));
        Assert.Equal((owner, backup, "sla-breach"), (moved.FromRepUserId, moved.ToRepUserId, moved.Cause));
        var kinds = (await Seed.HistoryAsync(Host, leadId)).Select(h => h.Kind).ToList();
        Assert.Equal(["lead-assigned", "lead-assigned", "lead-sla-breached"], kinds);
        var missed = await Host.DbAsync(db => db.RepSlaRecords.AsNoTracking().Where(r => r.LeadId == leadId).ToListAsync());
        Assert.Equal(("view", false, owner), (missed.Single().Clock, missed.Single().Met, missed.Single().RepUserId));

        // The backup's own clocks run from the hand-over.
        var handedAt = fx.Clock.GetUtcNow();
        var next = await Host.Client.GetSlaClocksAsync(new GetSlaClocksRequest { LeadId = new LeadId { Value = leadId.ToString("D") } }, Host.As(Seed.Rep(backup)));
        Assert.Equal(backup, next.Owner.Value);
        Assert.Equal(handedAt.AddMinutes(30), next.Clocks.Single(c => c.Kind == SlaClockKind.View).DueAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Viewing_in_time_settles_the_view_clock_and_the_timer_waits_for_the_first_call()
    {
        var territory = Seed.NewTerritory();
        var owner = await Seed.RepAsync(Host, territory);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var assignedAt = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(10));

        var routing = new LeadRoutingService.LeadRoutingServiceClient(Host.Channel);
        await routing.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = new LeadId { Value = leadId.ToString("D") } }, Host.As(Seed.Rep(owner)));

        var timer = await Host.DbAsync(db => db.Timers(TimerKinds.Sla).SingleAsync(t => t.Key == leadId.ToString("D")));
        Assert.Equal(assignedAt.AddHours(2), timer.DueAt); // moved from the view to the first-call due time
        var clocks = await Host.Client.GetSlaClocksAsync(new GetSlaClocksRequest { LeadId = new LeadId { Value = leadId.ToString("D") } }, Host.As(Seed.Rep(owner)));
        Assert.Equal(SlaClockState.Met, clocks.Clocks.Single(c => c.Kind == SlaClockKind.View).State);
        Assert.Equal(SlaClockState.Pending, clocks.Clocks.Single(c => c.Kind == SlaClockKind.FirstCall).State);

        fx.Clock.Advance(TimeSpan.FromMinutes(25)); // past the view due time: nothing happens
        await Task.Delay(800);
        Assert.Equal(owner, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);
        Assert.Empty(await Seed.EventsAsync<LeadSlaBreached>(Host, leadId));
        var met = await Host.DbAsync(db => db.RepSlaRecords.AsNoTracking().Where(r => r.LeadId == leadId).ToListAsync());
        Assert.Equal(("view", true), (met.Single().Clock, met.Single().Met));
    }

    [Fact]
    public async Task A_due_clock_fires_within_5_seconds_by_the_workers_own_poll_when_nobody_nudges_it()
    {
        var territory = Seed.NewTerritory();
        var backup = await Seed.RepAsync(Host, Seed.NewTerritory());
        var owner = await Seed.RepAsync(Host, territory, backup: backup);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);

        // Time passes as it does in production: no nudge, only the timer worker's own 1 s poll.
        fx.Clock.AdvanceUnannounced(TimeSpan.FromMinutes(29));
        await Task.Delay(2500); // two polls or more: still not due
        Assert.Equal(owner, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);

        fx.Clock.AdvanceUnannounced(TimeSpan.FromMinutes(2));
        var sinceDue = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).OwnerUserId == backup, "lead handed to the backup", 15);
        sinceDue.Stop();

        Assert.True(sinceDue.Elapsed < TimeSpan.FromSeconds(5), $"the breach was handled {sinceDue.Elapsed.TotalSeconds:0.0} s after the clock fell due (LR-4: within 5 s)");
        Assert.Equal("view", Assert.Single(await Seed.EventsAsync<LeadSlaBreached>(Host, leadId)).Clock);
    }

    [Fact]
    public async Task Sla_clocks_of_someone_elses_lead_are_not_found()
    {
        var territory = Seed.NewTerritory();
        await Seed.RepAsync(Host, territory);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var stranger = Seed.Rep(Guid.NewGuid().ToString("D"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Client.GetSlaClocksAsync(
            new GetSlaClocksRequest { LeadId = new LeadId { Value = leadId.ToString("D") } }, Host.As(stranger)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Host.Client.GetSlaClocksAsync(
            new GetSlaClocksRequest { LeadId = new LeadId { Value = "not-a-uuid" } }, Host.As(stranger)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }
}
