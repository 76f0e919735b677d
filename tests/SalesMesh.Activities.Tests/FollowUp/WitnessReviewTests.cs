using System.Text.Json;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Identity;
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

    [Fact]
    public async Task Needs_detail_needs_a_note_and_an_on_time_verdict_is_recorded_as_not_late()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep, amount: 900_000m);
        var now = Host.Clock.GetUtcNow();
        var recordId = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-10), now.AddDays(1));
        var supervisor = Host.FollowUp(team.Supervisor, "en");

        var noNote = await Assert.ThrowsAsync<RpcException>(() => supervisor.SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.NeedsDetail, Note = "  ",
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noNote.StatusCode);
        Assert.Equal("note", Assert.Single(noNote.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Single((await supervisor.ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);

        Host.Clock.Advance(TimeSpan.FromMinutes(30));
        var done = (await supervisor.SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.NeedsDetail, Note = "请补充决策链名单和预算来源",
        })).Review;

        Assert.Equal((ReviewVerdict.NeedsDetail, "请补充决策链名单和预算来源", false), (done.Verdict, done.Note, done.Late));
        Assert.Equal(Host.Clock.GetUtcNow(), done.ReviewedAt.ToDateTimeOffset());
        Assert.Empty((await supervisor.ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        var completed = Assert.Single((await supervisor.ListReviewQueueAsync(new ListReviewQueueRequest { IncludeCompleted = true })).Reviews);
        Assert.Equal((recordId.ToString(), ReviewVerdict.NeedsDetail), (completed.VisitRecordId, completed.Verdict));
        var published = JsonSerializer.Deserialize<ReviewCompleted>(Assert.Single(await Host.OutboxAsync<ReviewCompleted>(recordId.ToString())).Body, Json)!;
        Assert.Equal(("needsDetail", "请补充决策链名单和预算来源", false, team.Supervisor.UserId), (published.Verdict, published.Note, published.Late, published.SupervisorUserId));
        Assert.Equal((team.Supervisor.UserId, false), (published.ReviewerUserId, published.ByAdmin));
        Assert.Equal((team.Supervisor.UserId, false), (done.ReviewedBy.Value, done.ReviewedByAdmin));

        var twice = await Assert.ThrowsAsync<RpcException>(() => supervisor.SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "witness.already_reviewed"), (twice.StatusCode, twice.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason));
    }

    [Fact]
    public async Task An_admin_may_give_the_verdict_on_any_review_and_it_is_recorded_as_the_admins()
    {
        var team = await Arrange.TeamAsync(Host);
        var admin = new Caller("admin-" + Guid.NewGuid().ToString("N")[..8], "管理员", new HashSet<string> { CallerRoles.Admin }, null);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep, amount: 900_000m);
        var now = Host.Clock.GetUtcNow();
        var recordId = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-10), now.AddDays(1));
        // The manager above the supervisor is a supervisor without rights over this review: still NOT_FOUND.
        var manager = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Manager).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, manager.StatusCode);

        var done = (await Host.FollowUp(admin).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.Risk, Note = "客户预算来源存疑",
        })).Review;

        // The review stays the direct supervisor's; the verdict is the admin's, and says so.
        Assert.Equal((team.Supervisor.UserId, admin.UserId, true, ReviewVerdict.Risk, "客户预算来源存疑"),
            (done.Supervisor.Value, done.ReviewedBy.Value, done.ReviewedByAdmin, done.Verdict, done.Note));
        Assert.Empty((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        var inQueue = Assert.Single((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest { IncludeCompleted = true })).Reviews);
        Assert.Equal((admin.UserId, true), (inQueue.ReviewedBy.Value, inQueue.ReviewedByAdmin));
        var completed = JsonSerializer.Deserialize<ReviewCompleted>(Assert.Single(await Host.OutboxAsync<ReviewCompleted>(recordId.ToString())).Body, Json)!;
        Assert.Equal((team.Supervisor.UserId, admin.UserId, true, "risk"), (completed.SupervisorUserId, completed.ReviewerUserId, completed.ByAdmin, completed.Verdict));

        var twice = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Supervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
    }

    [Fact]
    public async Task A_converted_lead_customer_gets_witness_review_once_its_amount_is_raised_above_the_threshold()
    {
        var team = await Arrange.TeamAsync(Host);
        var lead = new LeadConverted(Guid.NewGuid(), team.Rep.UserId, team.Rep.TeamId, "浙江某某医院", "王主任", "+8613900139000", null,
            ["imaging"], Host.Clock.GetUtcNow());
        await Host.Services.GetRequiredService<IBus>().Publish(lead);
        await Eventually.TrueAsync(() => Host.QueryAsync(db => db.Customers.AnyAsync(c => c.LeadId == lead.LeadId)), "the converted lead became a customer");
        var customerId = await Host.QueryAsync(db => db.Customers.Where(c => c.LeadId == lead.LeadId).Select(c => c.Id).SingleAsync());
        var activities = Host.Activities(team.Rep);
        var opportunity = Assert.Single((await activities.ListOpportunitiesAsync(new ListOpportunitiesRequest
        {
            CustomerId = new CustomerId { Value = customerId.ToString() },
        })).Opportunities);
        Assert.Equal(0L, opportunity.Amount.Units);

        // Amount 0: the converted customer is below the threshold, nothing to review.
        var now = Host.Clock.GetUtcNow();
        var before = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-30), now.AddDays(2));
        Assert.Empty((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);

        var raised = (await activities.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version, Amount = new Money { CurrencyCode = "CNY", Units = 650_000 },
        })).Opportunity;
        Assert.Equal(650_000L, raised.Amount.Units);
        var after = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-5), now.AddDays(2),
            opportunityId: Guid.Parse(opportunity.OpportunityId.Value));

        var review = Assert.Single((await Host.FollowUp(team.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        Assert.Equal((after.ToString(), team.Supervisor.UserId, "650000"), (review.VisitRecordId, review.Supervisor.Value, review.CustomerValue));
        Assert.Empty(await Host.OutboxAsync<ReviewRequested>(before.ToString()));
        var requested = JsonSerializer.Deserialize<ReviewRequested>(Assert.Single(await Host.OutboxAsync<ReviewRequested>(after.ToString())).Body, Json)!;
        Assert.Equal((650_000m, team.Supervisor.UserId), (requested.CustomerValue, requested.SupervisorUserId));
    }

    [Fact]
    public async Task A_rep_without_a_direct_supervisor_still_gets_a_review_routed_to_the_team_supervisors_and_admins()
    {
        var unsupervised = await Arrange.RepWithoutSupervisorAsync(Host);
        var otherTeam = await Arrange.TeamAsync(Host);
        var admin = new Caller("admin-" + Guid.NewGuid().ToString("N")[..8], "管理员", new HashSet<string> { CallerRoles.Admin }, null);
        var customerId = await Arrange.CustomerAsync(Host, unsupervised.Rep, amount: 700_000m);
        var now = Host.Clock.GetUtcNow();
        var recordId = await Arrange.VisitAsync(Host, unsupervised.Rep, customerId, now.AddMinutes(-15), now.AddDays(1));

        var review = Assert.Single((await Host.FollowUp(unsupervised.TeamSupervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        Assert.Equal((recordId.ToString(), unsupervised.Rep.TeamId, 0), (review.VisitRecordId, review.TeamId, review.EscalationLevel));
        Assert.Null(review.Supervisor);
        Assert.Equal(recordId.ToString(), Assert.Single((await Host.FollowUp(unsupervised.SecondTeamSupervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews).VisitRecordId);
        Assert.Contains((await Host.FollowUp(admin).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews, r => r.VisitRecordId == recordId.ToString());
        Assert.Empty((await Host.FollowUp(otherTeam.Supervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews);
        var requested = JsonSerializer.Deserialize<ReviewRequested>(Assert.Single(await Host.OutboxAsync<ReviewRequested>(recordId.ToString())).Body, Json)!;
        Assert.Equal(((string?)null, unsupervised.Rep.TeamId), (requested.SupervisorUserId, requested.RoutedToTeamId));

        // Unanswered at the due time it escalates like any review; there is no named person to alert.
        Host.Clock.Advance(TimeSpan.FromHours(2));
        await Eventually.TrueAsync(async () => (await Host.OutboxAsync<ReviewEscalated>(recordId.ToString())).Count == 1, "ReviewEscalated after 2 hours");
        var escalated = JsonSerializer.Deserialize<ReviewEscalated>((await Host.OutboxAsync<ReviewEscalated>(recordId.ToString()))[0].Body, Json)!;
        Assert.Equal(((string?)null, 1), (escalated.SupervisorUserId, escalated.Level));
        Assert.Equal(1, Assert.Single((await Host.FollowUp(unsupervised.TeamSupervisor).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews).EscalationLevel);

        // The first of them to answer becomes the reviewer; for everyone else it has left the queue.
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var done = (await Host.FollowUp(unsupervised.TeamSupervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        })).Review;
        Assert.Equal((unsupervised.TeamSupervisor.UserId, ReviewVerdict.InfoComplete, true), (done.Supervisor.Value, done.Verdict, done.Late));
        var late = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(unsupervised.SecondTeamSupervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.Risk, Note = "再看看",
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, late.StatusCode);
        Assert.Empty((await Host.FollowUp(unsupervised.SecondTeamSupervisor).ListReviewQueueAsync(new ListReviewQueueRequest { IncludeCompleted = true })).Reviews);
        Assert.DoesNotContain((await Host.FollowUp(admin).ListReviewQueueAsync(new ListReviewQueueRequest())).Reviews, r => r.VisitRecordId == recordId.ToString());
        var completed = JsonSerializer.Deserialize<ReviewCompleted>(Assert.Single(await Host.OutboxAsync<ReviewCompleted>(recordId.ToString())).Body, Json)!;
        Assert.Equal((unsupervised.TeamSupervisor.UserId, "infoComplete"), (completed.SupervisorUserId, completed.Verdict));
    }
}
