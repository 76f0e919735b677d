using System.Text.Json;
using Grpc.Core;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;
using Google.Rpc;

namespace SalesMesh.Activities.Tests.FollowUp;

/// <summary>Witness mode (AC-5): high-value records wait in the direct supervisor's queue and escalate after 2 hours.</summary>
[Collection(FollowUpCollection.Name)]
public sealed class WitnessReviewTests(FollowUpFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FollowUpHost Host => fixture.Host;

    [Fact]
    public async Task A_record_above_the_threshold_waits_for_the_direct_supervisor_and_escalates_after_two_hours()
    {
        var team = await Arrange.TeamAsync(Host);
        var otherTeam = await Arrange.TeamAsync(Host);
        var big = await Arrange.CustomerAsync(Host, team.Rep, amount: FollowUpHost.WitnessThreshold + 1);
        var atThreshold = await Arrange.CustomerAsync(Host, team.Rep, amount: FollowUpHost.WitnessThreshold);
        var now = Host.Clock.GetUtcNow();
        var recordId = await Arrange.VisitAsync(Host, team.Rep, big, now.AddMinutes(-20), now.AddDays(1));
        await Arrange.VisitAsync(Host, team.Rep, atThreshold, now.AddMinutes(-20), now.AddDays(1));

        var queue = (await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews;
        var review = Assert.Single(queue);
        Assert.Equal((recordId.ToString(), team.Rep.UserId, team.Supervisor.UserId, 0), (review.VisitRecordId, review.Rep.Value, review.Supervisor.Value, review.EscalationLevel));
        Assert.Equal(TimeSpan.FromHours(2), review.DueAt.ToDateTimeOffset() - review.SubmittedAt.ToDateTimeOffset());
        Assert.Empty((await Host.FollowUp(otherTeam.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        var requested = Assert.Single(await Host.OutboxAsync<ReviewRequested>(recordId.ToString()));
        Assert.Equal(team.Supervisor.UserId, JsonSerializer.Deserialize<ReviewRequested>(requested.Body, Json)!.SupervisorUserId);
        var denied = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).ListReviewQueueAsync(new ListReviewQueueRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var notYours = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(otherTeam.Supervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notYours.StatusCode);

        Host.Clock.Advance(TimeSpan.FromHours(2));
        await Eventually.TrueAsync(async () => (await Host.OutboxAsync<ReviewEscalated>(recordId.ToString())).Count == 1, "ReviewEscalated after 2 hours");

        var escalated = JsonSerializer.Deserialize<ReviewEscalated>((await Host.OutboxAsync<ReviewEscalated>(recordId.ToString()))[0].Body, Json)!;
        Assert.Equal((1, team.Supervisor.UserId, team.Manager.UserId), (escalated.Level, escalated.SupervisorUserId, escalated.EscalatedToUserId));
        Assert.Equal(1, Assert.Single((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews).EscalationLevel);
        var managerAlert = Assert.Single((await Host.FollowUp(team.Manager).ListAlertsAsync(new ListAlertsRequest())).Alerts);
        Assert.Equal(("reviewOverdue", recordId.ToString()), (managerAlert.Kind, managerAlert.VisitRecordId));

        var noNote = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Supervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.Risk,
        }).ResponseAsync);
        Assert.Equal("note", Assert.Single(noNote.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var done = (await Host.FollowUp(team.Supervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.Risk, Note = "预算来源未说明",
        })).Review;
        Assert.Equal((ReviewVerdict.Risk, "预算来源未说明", true), (done.Verdict, done.Note, done.Late));
        Assert.Empty((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        var completed = JsonSerializer.Deserialize<ReviewCompleted>(Assert.Single(await Host.OutboxAsync<ReviewCompleted>(recordId.ToString())).Body, Json)!;
        Assert.Equal(("risk", true), (completed.Verdict, completed.Late));

        // Reviewed: the next escalation step (due 2 h after the first) never comes.
        Host.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(1500);
        Assert.Single(await Host.OutboxAsync<ReviewEscalated>(recordId.ToString()));
    }
}
