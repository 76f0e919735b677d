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
