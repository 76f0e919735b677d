using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Activities.Tests.StatusCards;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;
using Google.Rpc;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Timers;
using SalesMesh.Activities.FollowUp;
using static SalesMesh.Activities.Tests.FollowUp.DocumentTests;

namespace SalesMesh.Activities.Tests.FollowUp;

/// <summary>Status cards (AC-7) through FollowUpService with the service clock moved by the test.</summary>
[Collection(FollowUpCollection.Name)]
public sealed class StatusCardTests(FollowUpFixture fixture)
{
    private static readonly TimeSpan SixtyDays = TimeSpan.FromDays(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FollowUpHost Host => fixture.Host;

    [Fact]
    public async Task Green_without_a_requirement_pdf_is_refused_then_the_real_pdf_turns_it_green_with_a_presales_task()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep, completedActions: Arrange.GreenActions);
        var now = Host.Clock.GetUtcNow();
        await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddHours(-1), now.AddDays(2));
        var client = Host.FollowUp(team.Rep);

        var yellow = await CardAsync(client, customerId);
        Assert.Equal(StatusColor.Yellow, yellow.Color);
        Assert.Contains(yellow.Reasons, r => r.Code == "missingRequirementPdf");

        // A renamed PNG never gets in, and a person cannot declare green without the PDF either.
        await Assert.ThrowsAsync<RpcException>(() => client.AttachDocumentAsync(
            Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", SampleFiles.TinyPng())).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(customerId), Color = StatusColor.Green, Reason = "客户口头确认了需求",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("status.green_requires_requirement_pdf", refused.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal(StatusColor.Yellow, (await CardAsync(client, customerId)).Color);
        Assert.Empty(await Host.QueryAsync(db => db.Set<FollowUpTaskRecord>().Where(t => t.CustomerId == customerId).ToListAsync()));

        await client.AttachDocumentAsync(Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", SampleFiles.MinimalPdf()));

        var green = await CardAsync(client, customerId);
        Assert.Equal(StatusColor.Green, green.Color);
        Assert.False(green.Overridden);
        var task = Assert.Single((await Host.FollowUp(PresalesEngineer).ListTasksAsync(new ListTasksRequest { CustomerId = Customer(customerId) })).Tasks);
        Assert.Equal("technicalProposalDraft", task.Kind);
        Assert.Equal("技术方案初稿", task.Title.ZhCn);
        Assert.Equal(TimeSpan.FromHours(24), task.DueAt.ToDateTimeOffset() - task.CreatedAt.ToDateTimeOffset());
        Assert.Single(await Host.OutboxAsync<TaskCreated>(customerId.ToString()));
        var changes = await StatusEventsAsync(customerId);
        Assert.Equal([("yellow", "green")], changes.Select(c => (c.PreviousStatus!, c.Status)).Skip(1));
        Assert.Equal("yellow", changes[0].Status);
    }

    [Fact]
    public async Task Sixty_days_without_a_visit_turn_the_card_red_and_publish_it_and_another_sixty_mark_it_red_again()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var visitedAt = Host.Clock.GetUtcNow().AddMinutes(-30);
        await Arrange.VisitAsync(Host, team.Rep, customerId, visitedAt, visitedAt.AddDays(1));
        var client = Host.FollowUp(team.Rep);
        Assert.Equal(StatusColor.Yellow, (await CardAsync(client, customerId)).Color);

        Host.Clock.Advance(SixtyDays);
        await Eventually.TrueAsync(async () => (await CardAsync(client, customerId)).Color == StatusColor.Red, "the card turns red after 60 days");

        var red = await CardAsync(client, customerId);
        Assert.Contains(red.Reasons, r => r.Code == "inactive60Days");
        Assert.Equal(1, red.ConsecutiveReds);
        var published = await Host.OutboxAsync<CustomerStatusChanged>(customerId.ToString());
        var redEvent = JsonSerializer.Deserialize<CustomerStatusChanged>(published[^1].Body, Json)!;
        Assert.Equal(("yellow", "red", 1, true), (redEvent.PreviousStatus, redEvent.Status, redEvent.ConsecutiveReds, redEvent.Automatic));
        Assert.Equal(team.Rep.UserId, redEvent.OwnerUserId);
        var redRowId = published[^1].Id;
        await Eventually.TrueAsync(async () => (await Host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.Id == redRowId))).SentAt is not null, "the red event reached RabbitMQ (publisher-confirmed)");

        Host.Clock.Advance(SixtyDays);
        await Eventually.TrueAsync(async () => (await CardAsync(client, customerId)).ConsecutiveReds == 2, "a second red marking after another 60 days");
        Assert.Equal(2, (await StatusEventsAsync(customerId))[^1].ConsecutiveReds);
    }

    [Fact]
    public async Task A_later_visit_postpones_red_to_sixty_days_after_it_without_rewriting_the_pending_check()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var firstVisit = Host.Clock.GetUtcNow().AddMinutes(-30);
        await Arrange.VisitAsync(Host, team.Rep, customerId, firstVisit, firstVisit.AddDays(1));
        var check = await InactivityCheckAsync(customerId);
        Assert.Equal(firstVisit + SixtyDays, check.DueAt);

        Host.Clock.Advance(TimeSpan.FromDays(30));
        var secondVisit = Host.Clock.GetUtcNow().AddMinutes(-30);
        await Arrange.VisitAsync(Host, team.Rep, customerId, secondVisit, secondVisit.AddDays(1));
        // The pending check still fires earlier than needed: the visit leaves its row alone.
        var untouched = await InactivityCheckAsync(customerId);
        Assert.Equal((check.DueAt, check.ScheduledAt), (untouched.DueAt, untouched.ScheduledAt));

        // 60 days after the first visit, 30 after the second: the check moves itself on and the card stays yellow.
        Host.Clock.Advance(TimeSpan.FromDays(31));
        await Eventually.TrueAsync(async () => (await InactivityCheckAsync(customerId)).DueAt == secondVisit + SixtyDays, "the check moved to 60 days after the second visit");
        var client = Host.FollowUp(team.Rep);
        Assert.Equal(StatusColor.Yellow, (await CardAsync(client, customerId)).Color);
        Assert.DoesNotContain(await StatusEventsAsync(customerId), e => e.Status == "red");

        Host.Clock.Advance(TimeSpan.FromDays(30));
        await Eventually.TrueAsync(async () => (await CardAsync(client, customerId)).Color == StatusColor.Red, "red 60 days after the second visit");
    }

    [Fact]
    public async Task An_override_within_24_hours_is_kept_with_its_reason_and_a_late_one_is_refused()
    {
        var team = await Arrange.TeamAsync(Host);
        var early = await Arrange.CustomerAsync(Host, team.Rep);
        var late = await Arrange.CustomerAsync(Host, team.Rep);
        var visitedAt = Host.Clock.GetUtcNow().AddMinutes(-10);
        await Arrange.VisitAsync(Host, team.Rep, early, visitedAt, visitedAt.AddDays(1));
        await Arrange.VisitAsync(Host, team.Rep, late, visitedAt, visitedAt.AddDays(1));
        var rep = Host.FollowUp(team.Rep);
        var supervisor = Host.FollowUp(team.Supervisor);

        Host.Clock.Advance(SixtyDays);
        await Eventually.TrueAsync(async () => (await CardAsync(rep, early)).Color == StatusColor.Red && (await CardAsync(rep, late)).Color == StatusColor.Red,
            "both cards red after 60 days");

        var noReason = await Assert.ThrowsAsync<RpcException>(() => rep.OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(early), Color = StatusColor.Yellow, Reason = "　",
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal("reason", Assert.Single(noReason.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        Host.Clock.Advance(TimeSpan.FromHours(23));
        var overridden = (await supervisor.OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(early), Color = StatusColor.Yellow, Reason = "客户上周电话沟通过，系统未记录",
        })).Card;
        Assert.Equal((StatusColor.Yellow, StatusColor.Red, true, 0), (overridden.Color, overridden.AutomaticColor, overridden.Overridden, overridden.ConsecutiveReds));
        Assert.Equal(("客户上周电话沟通过，系统未记录", team.Supervisor.UserId), (overridden.Override.Reason, overridden.Override.Actor.Value));
        Assert.True((await CardAsync(rep, early)).Overridden);
        var manual = (await StatusEventsAsync(early))[^1];
        Assert.Equal(("red", "yellow", false, 0), (manual.PreviousStatus, manual.Status, manual.Automatic, manual.ConsecutiveReds));

        Host.Clock.Advance(TimeSpan.FromHours(2));
        var closed = await Assert.ThrowsAsync<RpcException>(() => rep.OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(late), Color = StatusColor.Yellow, Reason = "太晚了",
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        Assert.Equal("status.override_window_closed", closed.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        var unchanged = await CardAsync(rep, late);
        Assert.Equal((StatusColor.Red, false), (unchanged.Color, unchanged.Overridden));
    }

    [Fact]
    public async Task A_manual_yellow_to_green_with_the_pdf_creates_the_presales_task_and_others_cannot_see_the_card()
    {
        var team = await Arrange.TeamAsync(Host);
        var other = await Arrange.TeamAsync(Host);
        // Key person has not agreed yet: yellow even with the PDF; the owner overrides with a reason.
        var customerId = await Arrange.CustomerAsync(Host, team.Rep, completedActions: "painPointsConfirmed");
        var now = Host.Clock.GetUtcNow();
        await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-5), now.AddDays(1));
        var rep = Host.FollowUp(team.Rep);
        await rep.AttachDocumentAsync(Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", SampleFiles.MinimalPdf()));
        Assert.Equal(StatusColor.Yellow, (await CardAsync(rep, customerId)).Color);

        var response = await rep.OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(customerId), Color = StatusColor.Green, Reason = "总经理已在会上口头认可",
        });

        Assert.Equal(StatusColor.Green, response.Card.Color);
        Assert.Equal("technicalProposalDraft", response.CreatedTask.Kind);
        Assert.Equal(response.CreatedTask.TaskId, Assert.Single((await rep.ListTasksAsync(new ListTasksRequest())).Tasks).TaskId);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(other.Rep).GetStatusCardAsync(new GetStatusCardRequest { CustomerId = Customer(customerId) }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Empty((await Host.FollowUp(other.Rep).ListTasksAsync(new ListTasksRequest())).Tasks);

        var done = (await Host.FollowUp(PresalesEngineer).CompleteTaskAsync(new CompleteTaskRequest { TaskId = response.CreatedTask.TaskId, Note = "初稿已发" })).Task;
        Assert.Equal(PresalesEngineer.UserId, done.CompletedBy.Value);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(PresalesEngineer).CompleteTaskAsync(new CompleteTaskRequest { TaskId = done.TaskId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
    }

    [Fact]
    public async Task A_customer_never_visited_shows_a_provisional_red_card_that_nobody_can_override_yet()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);

        var card = await CardAsync(Host.FollowUp(team.Rep), customerId);

        Assert.Equal((StatusColor.Red, true, 0), (card.Color, card.Provisional, card.ConsecutiveReds));
        Assert.Contains(card.Reasons, r => r.Code == "missingHistory");
        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Supervisor).OverrideStatusCardAsync(new OverrideStatusCardRequest
        {
            CustomerId = Customer(customerId), Color = StatusColor.Yellow, Reason = "新客户",
        }).ResponseAsync);
        Assert.Equal("status.not_evaluated", refused.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.Empty(await Host.OutboxAsync<CustomerStatusChanged>(customerId.ToString()));
    }

    private static readonly ServiceDefaults.Identity.Caller PresalesEngineer =
        new("presales-1", "刘工", new HashSet<string> { ServiceDefaults.Identity.CallerRoles.Presales }, null);

    private Task<DurableTimer> InactivityCheckAsync(Guid customerId) =>
        Host.QueryAsync(db => db.Timers(FollowUpTimers.StatusInactivity).SingleAsync(t => t.Key == customerId.ToString()));

    private static async Task<StatusCard> CardAsync(FollowUpService.FollowUpServiceClient client, Guid customerId) =>
        (await client.GetStatusCardAsync(new GetStatusCardRequest { CustomerId = Customer(customerId) })).Card;

    private async Task<List<CustomerStatusChanged>> StatusEventsAsync(Guid customerId) =>
        [.. (await Host.OutboxAsync<CustomerStatusChanged>(customerId.ToString())).Select(m => JsonSerializer.Deserialize<CustomerStatusChanged>(m.Body, Json)!)];
}
