using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-4/LR-5/LR-7 owner actions and LR-2 undo, each recorded in the history and published.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class LifecycleTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    private Task<List<string>> EventTypesForAsync(string leadId) => host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
        .Where(m => m.Body.Contains(leadId)).OrderBy(m => m.Sequence).Select(m => m.MessageType).ToListAsync());

    [Fact]
    public async Task View_contact_convert_moves_the_lead_through_its_states_and_publishes_each_step()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        var intake = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, company: "温州" + People.Short() + "有限公司"));
        var owner = host.As(team.Reps[0]);
        var id = intake.LeadId;

        var tooEarly = await Assertions.RefusedAsync(StatusCode.FailedPrecondition, () => owner.ConvertLeadAsync(new ConvertLeadRequest { LeadId = id }).ResponseAsync);
        Assert.Contains("已分配", tooEarly.Status.Detail, StringComparison.Ordinal);

        Assert.Equal(LeadStatus.Viewed, (await owner.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = id })).Lead.Status);
        Assert.Equal(LeadStatus.Viewed, (await owner.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = id })).Lead.Status); // idempotent
        var firstCall = await owner.RecordContactAsync(new RecordContactRequest { LeadId = id, Kind = "call", DurationSeconds = 95 });
        var followUp = await owner.RecordContactAsync(new RecordContactRequest { LeadId = id, Kind = "wechat", Note = "发了资料" });
        Assert.True(firstCall.FirstContact);
        Assert.False(followUp.FirstContact);
        Assert.Equal(LeadStatus.Contacted, followUp.Lead.Status);
        var converted = await owner.ConvertLeadAsync(new ConvertLeadRequest { LeadId = id });
        Assert.Equal(LeadStatus.Converted, converted.Lead.Status);

        var lead = await host.As(team.Supervisor).GetLeadAsync(new GetLeadRequest { LeadId = id });
        Assert.Equal(["lead-received", "lead-assigned", "lead-viewed", "lead-contacted", "lead-contacted", "lead-converted"],
            lead.History.Select(h => h.Kind));
        Assert.Equal(
            [LeadReceived.EventName, LeadAssigned.EventName, LeadViewed.EventName, LeadContacted.EventName, LeadContacted.EventName, LeadConverted.EventName],
            (await EventTypesForAsync(id.Value)).Select(t => t["urn:message:".Length..]));
        var convertedEvent = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.MessageType == "urn:message:" + LeadConverted.EventName && m.Body.Contains(id.Value)));
        var evt = JsonSerializer.Deserialize<LeadConverted>(convertedEvent.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(team.Reps[0].UserId, evt.OwnerUserId);
        Assert.Equal(team.TeamId, evt.OwnerTeamId);
        Assert.StartsWith("+86", evt.ContactPhone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Releasing_sends_the_lead_to_the_public_pool_with_the_reason_and_the_rep_loses_the_full_view()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        var intake = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine));
        var owner = host.As(team.Reps[0]);

        await Assertions.InvalidArgumentAsync(() => owner.ReleaseLeadAsync(new ReleaseLeadRequest { LeadId = intake.LeadId, Reason = " " }).ResponseAsync, "reason");
        var released = await owner.ReleaseLeadAsync(new ReleaseLeadRequest { LeadId = intake.LeadId, Reason = "客户不在服务区域" });

        Assert.Equal(LeadStatus.PublicPool, released.Lead.Status);
        Assert.Contains("客户不在服务区域", released.Lead.PoolReason, StringComparison.Ordinal);
        var now = await owner.GetLeadAsync(new GetLeadRequest { LeadId = intake.LeadId });
        Assert.True(now.Lead.ContactMasked);
        Assert.Contains("urn:message:" + LeadReleased.EventName, await EventTypesForAsync(intake.LeadId.Value));
        await Assertions.RefusedAsync(StatusCode.NotFound, () => owner.RecordContactAsync(new RecordContactRequest { LeadId = intake.LeadId, Kind = "call" }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_contact_input_is_refused_and_changes_nothing()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        var intake = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine));
        var owner = host.As(team.Reps[0]);
        var before = await host.TableCountsAsync();

        await Assertions.InvalidArgumentAsync(() => owner.RecordContactAsync(new RecordContactRequest
        {
            LeadId = intake.LeadId,
            Kind = "telepathy",
            DurationSeconds = -1,
            ContactedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
        }).ResponseAsync, "kind", "durationSeconds", "contactedAt");

        Assert.Equal(before, await host.TableCountsAsync());
    }

    [Fact]
    public async Task A_supervisor_undoes_a_merge_and_the_source_becomes_a_lead_of_its_own()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2);
        var company = "苏州" + People.Short() + "科技";
        var first = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, company: company + "有限公司"));
        var second = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, company: company, name: "另一个人"));
        Assert.Equal(first.LeadId, second.DuplicateOf);

        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => host.As(team.Reps[0])
            .UndoMergeAsync(new UndoMergeRequest { MergeId = second.MergeId, Reason = "不是同一人" }).ResponseAsync);
        await Assertions.InvalidArgumentAsync(() => host.As(team.Supervisor)
            .UndoMergeAsync(new UndoMergeRequest { MergeId = second.MergeId, Reason = "" }).ResponseAsync, "reason");
        var undone = await host.As(team.Supervisor).UndoMergeAsync(new UndoMergeRequest { MergeId = second.MergeId, Reason = "同公司不同联系人" });

        Assert.Equal(first.LeadId, undone.OriginalLeadId);
        Assert.NotEqual(first.LeadId, undone.NewLeadId);
        Assert.Equal(LeadStatus.Assigned, undone.NewLeadStatus);
        var supervisor = host.As(team.Supervisor);
        var original = await supervisor.GetLeadAsync(new GetLeadRequest { LeadId = first.LeadId });
        Assert.Equal(1, original.Lead.SourceCount);
        var merge = Assert.Single(original.Merges);
        Assert.NotNull(merge.UndoneAt);
        Assert.Equal(undone.NewLeadId, merge.SplitLeadId);
        Assert.Equal("lead-merge-undone", original.History[^1].Kind);
        var split = await supervisor.GetLeadAsync(new GetLeadRequest { LeadId = undone.NewLeadId });
        Assert.Equal("另一个人", split.Lead.Name);
        Assert.Equal(["lead-split-from-merge", "lead-assigned"], split.History.Select(h => h.Kind));
        Assert.Equal("merge-undone", split.Assignment.Reason);
        Assert.Contains("urn:message:" + LeadMergeUndone.EventName, await EventTypesForAsync(second.MergeId));

        await Assertions.RefusedAsync(StatusCode.FailedPrecondition, () => supervisor
            .UndoMergeAsync(new UndoMergeRequest { MergeId = second.MergeId, Reason = "再来一次" }).ResponseAsync);
    }
}
