using System.Text.Json;
using Grpc.Core;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;
using Google.Rpc;

namespace SalesMesh.Activities.Tests.FollowUp;

/// <summary>Touchpoint alerts (AC-6) and dismissing them with a note (AC-10).</summary>
[Collection(FollowUpCollection.Name)]
public sealed class TouchpointAlertTests(FollowUpFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FollowUpHost Host => fixture.Host;

    [Fact]
    public async Task Two_hours_after_a_missed_touchpoint_rep_and_supervisor_get_the_last_three_visits_and_can_dismiss_with_a_note()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        // One visit a day, each before the previous touchpoint fell due (each new record is the follow-up).
        var oldest = await VisitTodayAsync(team, customerId, "第一次拜访", TimeSpan.FromDays(1));
        var second = await VisitTodayAsync(team, customerId, "需求调研", TimeSpan.FromDays(1));
        var third = await VisitTodayAsync(team, customerId, "方案讲解", TimeSpan.FromDays(1));
        var latest = await VisitTodayAsync(team, customerId, "报价沟通", TimeSpan.FromHours(1));
        Assert.Empty((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts);

        Host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(58));
        await Task.Delay(1500);
        Assert.Empty((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts);

        Host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts.Count == 1, "the touchpoint alert");

        var alert = (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts[0];
        Assert.Equal(("touchpointOverdue", latest.ToString()), (alert.Kind, alert.VisitRecordId));
        Assert.Equal([team.Rep.UserId, team.Supervisor.UserId], alert.Recipients.Select(r => r.Value));
        Assert.Equal([latest.ToString(), third.ToString(), second.ToString()], alert.RecentVisits.Select(v => v.VisitRecordId));
        Assert.DoesNotContain(alert.RecentVisits, v => v.VisitRecordId == oldest.ToString());
        Assert.Contains("报价沟通", alert.RecentVisits[0].Summary);
        Assert.Equal(alert.AlertId, Assert.Single((await Host.FollowUp(team.Supervisor).ListAlertsAsync(new ListAlertsRequest())).Alerts).AlertId);
        var overdue = JsonSerializer.Deserialize<TouchpointOverdue>(Assert.Single(await Host.OutboxAsync<TouchpointOverdue>(customerId.ToString())).Body, Json)!;
        Assert.Equal([latest, third, second], overdue.RecentVisits.Select(v => v.VisitRecordId));
        Assert.Equal([team.Rep.UserId, team.Supervisor.UserId], overdue.RecipientUserIds);

        var outsider = await Arrange.TeamAsync(Host);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(outsider.Rep).DismissAlertAsync(new DismissAlertRequest { AlertId = alert.AlertId, Note = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var noNote = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).DismissAlertAsync(new DismissAlertRequest { AlertId = alert.AlertId, Note = " " }).ResponseAsync);
        Assert.Equal("note", Assert.Single(noNote.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        var dismissed = (await Host.FollowUp(team.Rep).DismissAlertAsync(new DismissAlertRequest { AlertId = alert.AlertId, Note = "客户临时出差，已改约下周一" })).Alert;

        Assert.Equal((AlertState.Dismissed, true), (dismissed.State, dismissed.Overridden));
        var intervention = Assert.Single(dismissed.Interventions);
        Assert.Equal((team.Rep.UserId, "客户临时出差，已改约下周一", "dismissed"), (intervention.Actor.Value, intervention.Note, intervention.Action));
        Assert.Empty((await Host.FollowUp(team.Supervisor).ListAlertsAsync(new ListAlertsRequest())).Alerts);
        var shown = Assert.Single((await Host.FollowUp(team.Supervisor).ListAlertsAsync(new ListAlertsRequest { IncludeDismissed = true })).Alerts);
        Assert.True(shown.Overridden);
        Assert.Equal(3, shown.RecentVisits.Count);
    }

    [Fact]
    public async Task A_visit_recorded_before_the_touchpoint_passes_means_no_alert()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var now = Host.Clock.GetUtcNow();
        await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-30), now.AddHours(1));
        Host.Clock.Advance(TimeSpan.FromHours(1));
        // The rep followed up: the new record agrees the next touchpoint three days out.
        await Arrange.VisitAsync(Host, team.Rep, customerId, Host.Clock.GetUtcNow().AddMinutes(-5), Host.Clock.GetUtcNow().AddDays(3));

        Host.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(1500);

        Assert.Empty((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest { IncludeDismissed = true })).Alerts);
        Assert.Empty(await Host.OutboxAsync<TouchpointOverdue>(customerId.ToString()));
    }

    [Fact]
    public async Task Two_opportunities_of_one_customer_keep_their_own_touchpoints()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var activities = Host.Activities(team.Rep);
        var equipment = Guid.Parse(Assert.Single((await activities.ListOpportunitiesAsync(new ListOpportunitiesRequest { CustomerId = Customer(customerId) })).Opportunities).OpportunityId.Value);
        var consumables = Guid.Parse((await activities.CreateOpportunityAsync(new CreateOpportunityRequest
        {
            CustomerId = Customer(customerId),
            Opportunity = new NewOpportunity { Name = "配套耗材", Amount = new SalesMesh.Contracts.Common.V1.Money { CurrencyCode = "CNY", Units = 60_000 } },
        })).Opportunity.OpportunityId.Value);
        var now = Host.Clock.GetUtcNow();
        var forEquipment = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-20), now.AddHours(1), topic: "设备演示", opportunityId: equipment);
        // Recorded later, about the other opportunity, agreeing a touchpoint three days out: it neither
        // replaces the equipment touchpoint nor counts as following it up.
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var forConsumables = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-10), now.AddDays(3), topic: "耗材报价", opportunityId: consumables);

        Host.Clock.Advance(TimeSpan.FromHours(3));
        await Eventually.TrueAsync(async () => (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts.Count == 1, "the equipment touchpoint alert");
        var first = Assert.Single((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts);
        Assert.Equal(forEquipment.ToString(), first.VisitRecordId);
        // The customer's last visits are attached, whatever opportunity they were about.
        Assert.Equal([forConsumables.ToString(), forEquipment.ToString()], first.RecentVisits.Select(v => v.VisitRecordId));

        Host.Clock.Advance(TimeSpan.FromDays(3));
        await Eventually.TrueAsync(async () => (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts.Count == 2, "the consumables touchpoint alert");
        Assert.Equal([forConsumables.ToString(), forEquipment.ToString()],
            (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts.Select(a => a.VisitRecordId));
        Assert.Equal(2, (await Host.OutboxAsync<TouchpointOverdue>(customerId.ToString())).Count);
    }

    [Fact]
    public async Task An_offline_edit_that_moves_the_touchpoint_re_arms_the_alert_for_the_new_time()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var activities = Host.Activities(team.Rep);
        var now = Host.Clock.GetUtcNow();
        var clientId = Guid.NewGuid().ToString();
        var created = Assert.Single((await activities.SyncVisitRecordsAsync(new SyncVisitRecordsRequest
        {
            Items = { new SyncVisitRecordItem { ClientRecordId = clientId, Content = Arrange.VisitContent(customerId, now.AddMinutes(-30), now.AddHours(1)) } },
        })).Results);
        Assert.Equal(SyncOutcome.Created, created.Outcome);

        // The customer postponed: the rep moves the touchpoint on the phone, the edit syncs half an hour later.
        Host.Clock.Advance(TimeSpan.FromMinutes(30));
        var postponed = now.AddDays(1);
        var edited = Assert.Single((await activities.SyncVisitRecordsAsync(new SyncVisitRecordsRequest
        {
            Items = { new SyncVisitRecordItem { ClientRecordId = clientId, BaseVersion = 1, Content = Arrange.VisitContent(customerId, now.AddMinutes(-30), postponed) } },
        })).Results);
        Assert.Equal((SyncOutcome.Updated, 2), (edited.Outcome, edited.ServerVersion));

        // The original touchpoint + 2 h passes quietly.
        Host.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(1500);
        Assert.Empty((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest { IncludeDismissed = true })).Alerts);

        Host.Clock.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(async () => (await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts.Count == 1, "the alert for the moved touchpoint");
        var alert = Assert.Single((await Host.FollowUp(team.Rep).ListAlertsAsync(new ListAlertsRequest())).Alerts);
        Assert.Equal(created.VisitRecord.VisitRecordId.Value, alert.VisitRecordId);
        var overdue = JsonSerializer.Deserialize<TouchpointOverdue>(Assert.Single(await Host.OutboxAsync<TouchpointOverdue>(customerId.ToString())).Body, Json)!;
        Assert.Equal((postponed, postponed.AddHours(2)), (overdue.TouchpointAtUtc, overdue.DueAtUtc));
    }

    [Fact]
    public async Task Touchpoints_list_overdue_due_and_upcoming_ones_for_the_rep_and_the_team_supervisor()
    {
        var team = await Arrange.TeamAsync(Host);
        var outsider = await Arrange.TeamAsync(Host);
        var overdueCustomer = await Arrange.CustomerAsync(Host, team.Rep);
        var dueCustomer = await Arrange.CustomerAsync(Host, team.Rep);
        var upcomingCustomer = await Arrange.CustomerAsync(Host, team.Rep);
        var farCustomer = await Arrange.CustomerAsync(Host, team.Rep);
        var lostCustomer = await Arrange.CustomerAsync(Host, team.Rep);
        var outsiderCustomer = await Arrange.CustomerAsync(Host, outsider.Rep);
        var now = Host.Clock.GetUtcNow();
        var overdue = await Arrange.VisitAsync(Host, team.Rep, overdueCustomer, now.AddMinutes(-10), now.AddHours(1), topic: "复盘会");
        var due = await Arrange.VisitAsync(Host, team.Rep, dueCustomer, now.AddMinutes(-10), now.AddHours(2), topic: "报价沟通");
        await Arrange.VisitAsync(Host, team.Rep, upcomingCustomer, now.AddMinutes(-20), now.AddHours(5), topic: "旧约定");
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        // A later record of the same customer replaces the touchpoint it agreed before.
        var upcoming = await Arrange.VisitAsync(Host, team.Rep, upcomingCustomer, now.AddMinutes(-5), now.AddDays(2), topic: "方案演示");
        var far = await Arrange.VisitAsync(Host, team.Rep, farCustomer, now.AddMinutes(-5), now.AddDays(30), topic: "年度采购");
        await Arrange.VisitAsync(Host, outsider.Rep, outsiderCustomer, now.AddMinutes(-5), now.AddDays(1));
        var activities = Host.Activities(team.Rep);
        var lostOpportunity = Assert.Single((await activities.ListOpportunitiesAsync(new ListOpportunitiesRequest { CustomerId = Customer(lostCustomer) })).Opportunities);
        await Arrange.VisitAsync(Host, team.Rep, lostCustomer, now.AddMinutes(-5), now.AddDays(1), opportunityId: Guid.Parse(lostOpportunity.OpportunityId.Value));
        var version = (await activities.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = lostOpportunity.OpportunityId })).Opportunity.Version;
        await activities.MarkOpportunityLostAsync(new MarkOpportunityLostRequest { OpportunityId = lostOpportunity.OpportunityId, ExpectedVersion = version, Reason = "项目取消" });

        Host.Clock.Advance(TimeSpan.FromHours(3));
        var listed = (await Host.FollowUp(team.Rep).ListTouchpointsAsync(new ListTouchpointsRequest())).Touchpoints;

        Assert.Equal([overdue.ToString(), due.ToString(), upcoming.ToString()], listed.Select(t => t.VisitRecordId));
        Assert.Equal([TouchpointState.Overdue, TouchpointState.Due, TouchpointState.Upcoming], listed.Select(t => t.State));
        Assert.Equal(("复盘会", "张三", team.Rep.UserId, now.AddHours(1), now.AddHours(3)),
            (listed[0].Topic, Assert.Single(listed[0].Participants), listed[0].Rep.Value, listed[0].Time.ToDateTimeOffset(), listed[0].AlertTime.ToDateTimeOffset()));
        Assert.StartsWith("华东医疗", listed[0].CustomerName);
        Assert.Null(listed[0].OpportunityId);

        // The supervisor follows the team's touchpoints; nobody else sees them.
        Assert.Equal(listed.Select(t => t.VisitRecordId), (await Host.FollowUp(team.Supervisor).ListTouchpointsAsync(new ListTouchpointsRequest())).Touchpoints.Select(t => t.VisitRecordId));
        Assert.DoesNotContain((await Host.FollowUp(outsider.Rep).ListTouchpointsAsync(new ListTouchpointsRequest())).Touchpoints, t => t.VisitRecordId == due.ToString());
        Assert.DoesNotContain((await Host.FollowUp(outsider.Supervisor).ListTouchpointsAsync(new ListTouchpointsRequest())).Touchpoints, t => t.VisitRecordId == due.ToString());

        var wider = (await Host.FollowUp(team.Rep).ListTouchpointsAsync(new ListTouchpointsRequest { UpcomingDays = 60 })).Touchpoints;
        Assert.Equal(far.ToString(), wider[^1].VisitRecordId);
        var oneCustomer = (await Host.FollowUp(team.Rep).ListTouchpointsAsync(new ListTouchpointsRequest { CustomerId = Customer(dueCustomer) })).Touchpoints;
        Assert.Equal(due.ToString(), Assert.Single(oneCustomer).VisitRecordId);

        var tooFar = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).ListTouchpointsAsync(new ListTouchpointsRequest { UpcomingDays = 91 }).ResponseAsync);
        Assert.Equal(("upcoming_days", StatusCode.InvalidArgument), (Assert.Single(tooFar.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field, tooFar.StatusCode));
        var hidden = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).ListTouchpointsAsync(new ListTouchpointsRequest { CustomerId = Customer(outsiderCustomer) }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
    }

    private static SalesMesh.Contracts.Common.V1.CustomerId Customer(Guid id) => new() { Value = id.ToString() };

    /// <summary>A visit 10 minutes ago agreeing the next touchpoint <paramref name="next"/> from now; then the clock moves to that touchpoint (unless it is the last visit).</summary>
    private async Task<Guid> VisitTodayAsync(Team team, Guid customerId, string topic, TimeSpan next)
    {
        var now = Host.Clock.GetUtcNow();
        var id = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-10), now + next, topic: topic);
        if (next >= TimeSpan.FromDays(1))
            Host.Clock.Advance(next);
        return id;
    }
}
