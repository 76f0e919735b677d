using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;
using LeadStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>
/// LR-8 end to end: Activities' CustomerStatusChanged arrives over RabbitMQ; two reds in a row move
/// the lead to the cleaning pool and revoke the rep's rights; an appeal with real evidence, approved
/// by the rep's supervisor, restores them.
/// </summary>
public sealed class CircuitBreakerTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
    private static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xB8, 0, 0, 0];

    private OpsHost Host => fx.Host;

    [Fact]
    public async Task Two_reds_in_a_row_revoke_rights_and_an_approved_appeal_restores_them()
    {
        var territory = Seed.NewTerritory();
        var supervisor = Seed.Supervisor(Guid.NewGuid().ToString("D"));
        var rep = Seed.Rep(await Seed.RepAsync(Host, territory, supervisor: supervisor.UserId));
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var customerId = Guid.NewGuid();

        await PublishAsync(customerId, leadId, rep.UserId, "red", 1);
        await PublishAsync(customerId, leadId, rep.UserId, "green", 0); // ends the streak
        var third = await PublishAsync(customerId, leadId, rep.UserId, "red", 1);
        await Eventually.TrueAsync(async () => await Host.DbAsync(db => db.Set<CustomerBreakerRecord>().AnyAsync(b => b.CustomerId == customerId && b.LastEventAt == third && b.ConsecutiveReds == 1)),
            "three events applied, one red in a row");
        Assert.Equal(LeadStatus.Assigned, (await Seed.LeadAsync(Host, leadId)).Status);

        await PublishAsync(customerId, leadId, rep.UserId, "red", 2);
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == LeadStatus.CleaningPool, "lead moved to the cleaning pool");
        var revoked = Assert.Single(await Seed.EventsAsync<FollowUpRightsRevoked>(Host, leadId));
        Assert.Equal((customerId, rep.UserId, 2), (revoked.CustomerId, revoked.RepUserId, revoked.ConsecutiveReds));
        Assert.Equal("cleaning-pool", (await Seed.EventsAsync<LeadPooled>(Host, leadId)).Single().Pool);

        // A renamed executable is refused by content, and nothing is stored.
        var bad = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(Appeal(leadId, ("通话录音.mp3", Exe)), Host.As(rep)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        var violation = Assert.Single(bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("evidence[0]", violation.Field);
        Assert.Contains("不支持的文件类型", violation.Description);
        Assert.False(await Host.DbAsync(db => db.Set<LeadAppealRecord>().AnyAsync(a => a.LeadId == leadId)));

        // Another rep learns nothing about this case.
        var stranger = Seed.Rep(Guid.NewGuid().ToString("D"));
        var hidden = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(Appeal(leadId, ("截图.jpg", Png)), Host.As(stranger)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);

        var filed = await Host.Client.FileAppealAsync(Appeal(leadId, ("截图.jpg", Png)), Host.As(rep));
        Assert.Equal(AppealState.Pending, filed.Appeal.State);
        Assert.Equal("png", Assert.Single(filed.Appeal.Evidence).FileType); // judged by content, not by ".jpg"

        var notSupervisor = await Assert.ThrowsAsync<RpcException>(() => Host.Client.DecideAppealAsync(
            new DecideAppealRequest { AppealId = filed.Appeal.AppealId, Approve = true, Reason = "ok" }, Host.As(rep)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notSupervisor.StatusCode);
        var otherSupervisor = await Assert.ThrowsAsync<RpcException>(() => Host.Client.DecideAppealAsync(
            new DecideAppealRequest { AppealId = filed.Appeal.AppealId, Approve = true, Reason = "ok" }, Host.As(Seed.Supervisor("sup-other"))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherSupervisor.StatusCode);

        var decided = await Host.Client.DecideAppealAsync(
            new DecideAppealRequest { AppealId = filed.Appeal.AppealId, Approve = true, Reason = "录音证明客户误标红色" }, Host.As(supervisor));
        Assert.True(decided.RightsRestored);
        Assert.Equal((AppealState.Approved, BoardLeadStatus.Assigned), (decided.Appeal.State, decided.LeadStatus));
        var lead = await Seed.LeadAsync(Host, leadId);
        Assert.Equal((LeadStatus.Assigned, rep.UserId), (lead.Status, lead.OwnerUserId));
        Assert.Single(await Seed.EventsAsync<FollowUpRightsRestored>(Host, leadId));
        Assert.False(await Host.DbAsync(db => db.Set<FollowUpRevocationRecord>().AnyAsync(r => r.LeadId == leadId && r.RestoredAt == null)));
        var kinds = (await Seed.HistoryAsync(Host, leadId)).Select(h => h.Kind).ToList();
        Assert.Equal(["lead-assigned", "lead-cleaning-pooled", "appeal-filed", "lead-assigned", "appeal-decided"], kinds);

        var twice = await Assert.ThrowsAsync<RpcException>(() => Host.Client.DecideAppealAsync(
            new DecideAppealRequest { AppealId = filed.Appeal.AppealId, Approve = false, Reason = "改判" }, Host.As(supervisor)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        // The approval forgave that streak: its next red does not trip the breaker again (a new streak would).
        var stillRedAt = await PublishAsync(customerId, leadId, rep.UserId, "red", 3);
        await Eventually.TrueAsync(async () => await Host.DbAsync(db => db.Set<CustomerBreakerRecord>().AnyAsync(b => b.CustomerId == customerId && b.LastEventAt == stillRedAt)),
            "the third red applied");
        Assert.Equal((LeadStatus.Assigned, rep.UserId), ((await Seed.LeadAsync(Host, leadId)).Status, (await Seed.LeadAsync(Host, leadId)).OwnerUserId));
        Assert.Single(await Seed.EventsAsync<FollowUpRightsRevoked>(Host, leadId));
    }

    [Fact]
    public async Task Two_reds_applied_out_of_order_or_at_the_same_time_trip_the_breaker_exactly_once()
    {
        var bus = Host.Services.GetRequiredService<IBus>();

        // Activities marked the customer red twice; the second marking is applied first (the breaker sees the
        // streak of 2 before the red that started it).
        var (leadId, rep, customerId) = await OwnedLeadAsync();
        var (firstAt, secondAt) = NextTwoInstants();
        var (first, second) = (NewId.NextGuid(), NewId.NextGuid());
        await bus.Publish(StatusChange(customerId, leadId, rep.UserId, "red", 2, secondAt), c => c.MessageId = second);
        await Eventually.TrueAsync(() => AppliedAsync(second), "the second red applied");
        await bus.Publish(StatusChange(customerId, leadId, rep.UserId, "red", 1, firstAt), c => c.MessageId = first);
        await Eventually.TrueAsync(() => AppliedAsync(first), "the first red applied");
        await AssertTrippedOnceAsync(leadId, rep, customerId, secondAt);

        // A redelivered red and an older green arriving late neither trip it again nor close it.
        var olderGreen = NewId.NextGuid();
        await bus.Publish(StatusChange(customerId, leadId, rep.UserId, "red", 2, secondAt), c => c.MessageId = second);
        await bus.Publish(StatusChange(customerId, leadId, rep.UserId, "green", 0, firstAt.AddMilliseconds(-500)), c => c.MessageId = olderGreen);
        await Eventually.TrueAsync(() => AppliedAsync(olderGreen), "the late green applied");
        await Task.Delay(500); // the redelivery, ahead of the green in the queue, has been dropped by now
        await AssertTrippedOnceAsync(leadId, rep, customerId, secondAt);

        // Both reds of another customer in flight at once (consumed concurrently, in either order).
        (leadId, rep, customerId) = await OwnedLeadAsync();
        (firstAt, secondAt) = NextTwoInstants();
        (first, second) = (NewId.NextGuid(), NewId.NextGuid());
        await Task.WhenAll(
            bus.Publish(StatusChange(customerId, leadId, rep.UserId, "red", 2, secondAt), c => c.MessageId = second),
            bus.Publish(StatusChange(customerId, leadId, rep.UserId, "red", 1, firstAt), c => c.MessageId = first));
        await Eventually.TrueAsync(() => AppliedAsync(first, second), "both reds applied");
        await AssertTrippedOnceAsync(leadId, rep, customerId, secondAt);
    }

    private async Task<(Guid LeadId, Caller Rep, Guid CustomerId)> OwnedLeadAsync()
    {
        var territory = Seed.NewTerritory();
        var rep = Seed.Rep(await Seed.RepAsync(Host, territory));
        return (await Seed.RoutedLeadAsync(Host, territory), rep, Guid.NewGuid());
    }

    private (DateTimeOffset First, DateTimeOffset Second) NextTwoInstants()
    {
        fx.Clock.Advance(TimeSpan.FromSeconds(2));
        var now = fx.Clock.GetUtcNow();
        return (now.AddSeconds(-1), now);
    }

    /// <summary>In the cleaning pool with one revocation, one event of each kind and one history entry for it; the breaker open.</summary>
    private async Task AssertTrippedOnceAsync(Guid leadId, Caller rep, Guid customerId, DateTimeOffset newestEventAt)
    {
        Assert.Equal(LeadStatus.CleaningPool, (await Seed.LeadAsync(Host, leadId)).Status);
        var revoked = Assert.Single(await Seed.EventsAsync<FollowUpRightsRevoked>(Host, leadId));
        Assert.Equal((customerId, rep.UserId, 2), (revoked.CustomerId, revoked.RepUserId, revoked.ConsecutiveReds));
        Assert.Equal("cleaning-pool", Assert.Single(await Seed.EventsAsync<LeadPooled>(Host, leadId)).Pool);
        Assert.Single(await Host.DbAsync(db => db.Set<FollowUpRevocationRecord>().Where(r => r.LeadId == leadId).ToListAsync()));
        Assert.Equal(["lead-assigned", "lead-cleaning-pooled"], (await Seed.HistoryAsync(Host, leadId)).Select(h => h.Kind));
        var breaker = await Host.DbAsync(db => db.Set<CustomerBreakerRecord>().AsNoTracking().SingleAsync(b => b.CustomerId == customerId));
        Assert.Equal((true, 2, newestEventAt), (breaker.Tripped, breaker.ConsecutiveReds, breaker.LastEventAt));
    }

    [Fact]
    public async Task Filing_an_appeal_on_a_lead_the_caller_may_not_see_answers_like_an_unknown_lead_before_looking_at_its_state()
    {
        var (leadId, rep, _) = await OwnedLeadAsync(); // assigned, not in the cleaning pool
        var request = Appeal(leadId, ("截图.png", Png));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(Appeal(Guid.NewGuid(), ("截图.png", Png)), Host.As(rep)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var otherRep = Seed.Rep(Guid.NewGuid().ToString("D"));
        var otherTeamsSupervisor = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "赵主管", new HashSet<string> { CallerRoles.Supervisor }, "team-2");
        var finance = new Caller("fin-" + Guid.NewGuid().ToString("N")[..8], "财务", new HashSet<string> { CallerRoles.Finance }, "team-1");
        foreach (var stranger in new[] { otherRep, otherTeamsSupervisor, finance })
        {
            var hidden = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(request, Host.As(stranger)).ResponseAsync);
            Assert.Equal((StatusCode.NotFound, unknown.Status.Detail), (hidden.StatusCode, hidden.Status.Detail));
        }

        // Those who may see the lead learn why there is nothing to appeal.
        foreach (var viewer in new[] { rep, Seed.Supervisor(Guid.NewGuid().ToString("D")) })
        {
            var state = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(request, Host.As(viewer)).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, state.StatusCode);
            Assert.Equal("NOT_IN_CLEANING_POOL", Assert.Single(state.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
        }
        Assert.False(await Host.DbAsync(db => db.Set<LeadAppealRecord>().AnyAsync(a => a.LeadId == leadId)));
    }

    [Fact]
    public async Task A_rejected_appeal_keeps_the_lead_in_the_cleaning_pool_and_the_rights_revoked()
    {
        var (leadId, rep, supervisor) = await CleaningPoolLeadAsync();
        var filed = await Host.Client.FileAppealAsync(Appeal(leadId, ("截图.png", Png)), Host.As(rep));

        var rejected = await Host.Client.DecideAppealAsync(
            new DecideAppealRequest { AppealId = filed.Appeal.AppealId, Approve = false, Reason = "录音显示客户确实无意向" }, Host.As(supervisor));

        Assert.False(rejected.RightsRestored);
        Assert.Equal((AppealState.Rejected, BoardLeadStatus.CleaningPool), (rejected.Appeal.State, rejected.LeadStatus));
        var lead = await Seed.LeadAsync(Host, leadId);
        Assert.Equal((LeadStatus.CleaningPool, (string?)null), (lead.Status, lead.OwnerUserId));
        Assert.True(await Host.DbAsync(db => db.Set<FollowUpRevocationRecord>().AnyAsync(r => r.LeadId == leadId && r.RepUserId == rep.UserId && r.RestoredAt == null)));
        Assert.Empty(await Seed.EventsAsync<FollowUpRightsRestored>(Host, leadId));
        var decided = Assert.Single(await Seed.EventsAsync<AppealDecided>(Host, leadId));
        Assert.Equal((false, supervisor.UserId, "录音显示客户确实无意向"), (decided.Approved, decided.SupervisorUserId, decided.Reason));
        Assert.Equal(["lead-assigned", "lead-cleaning-pooled", "appeal-filed", "appeal-decided"], (await Seed.HistoryAsync(Host, leadId)).Select(h => h.Kind));

        // The rep and the supervisor both see the decision; another rep sees no appeal of this lead.
        foreach (var viewer in new[] { rep, supervisor })
        {
            var listed = Assert.Single((await Host.Client.ListAppealsAsync(new ListAppealsRequest { LeadId = Id(leadId) }, Host.As(viewer))).Appeals);
            Assert.Equal((filed.Appeal.AppealId, AppealState.Rejected, "录音显示客户确实无意向", supervisor.UserId),
                (listed.AppealId, listed.State, listed.DecisionReason, listed.DecidedBy.Value));
            Assert.Equal(fx.Clock.GetUtcNow(), listed.DecidedAt.ToDateTimeOffset());
            Assert.Equal("png", Assert.Single(listed.Evidence).FileType);
        }
        Assert.Empty((await Host.Client.ListAppealsAsync(new ListAppealsRequest { LeadId = Id(leadId) }, Host.As(Seed.Rep(Guid.NewGuid().ToString("D"))))).Appeals);
    }

    [Fact]
    public async Task Evidence_over_its_own_limit_or_over_the_appeal_total_gets_the_services_field_error_and_the_largest_legal_appeal_fits()
    {
        var (leadId, rep, _) = await CleaningPoolLeadAsync();

        // A recording just over 10 MB behind a small screenshot: the service names evidence[1].
        var audio = await RefusedEvidenceAsync(leadId, rep, ("截图.png", Png), ("通话录音.mp3", FileOf(Mp3, 10 * MiB + 1)));
        Assert.Equal("evidence[1]", audio.Field);
        Assert.Contains("文件过大：10.1 MB，录音最大 10 MB", audio.Description);
        var image = await RefusedEvidenceAsync(leadId, rep, ("聊天截图.png", FileOf(Png, 5 * MiB + 1)));
        Assert.Equal("evidence[0]", image.Field);
        Assert.Contains("截图最大 5 MB", image.Description);
        var pdf = await RefusedEvidenceAsync(leadId, rep, ("说明.pdf", FileOf(Pdf, 10 * MiB + 1)));
        Assert.Equal("evidence[0]", pdf.Field);

        // Every file within its own limit, together over 11 MB.
        var total = await RefusedEvidenceAsync(leadId, rep, ("a.mp3", FileOf(Mp3, 5 * MiB)), ("b.mp3", FileOf(Mp3, 5 * MiB)), ("c.png", FileOf(Png, 3 * MiB / 2)));
        Assert.Equal("evidence", total.Field);
        Assert.Contains("合计 11.5 MB", total.Description);
        Assert.False(await Host.DbAsync(db => db.Set<LeadAppealRecord>().AnyAsync(a => a.LeadId == leadId)));

        // Exactly at the limits: 10 MB of recording plus a 1 MB screenshot passes the transport and the rules.
        var filed = await Host.Client.FileAppealAsync(Appeal(leadId, ("通话录音.mp3", FileOf(Mp3, 10 * MiB)), ("聊天截图.png", FileOf(Png, MiB))), Host.As(rep));
        Assert.Equal([10L * MiB, MiB], filed.Appeal.Evidence.Select(e => e.SizeBytes));
        var stored = await Host.DbAsync(db => db.Set<LeadAppealEvidenceRecord>().Where(e => e.AppealId == Guid.Parse(filed.Appeal.AppealId)).SumAsync(e => e.Content.Length));
        Assert.Equal(11 * MiB, stored);
    }

    private const int MiB = 1024 * 1024;
    private static readonly byte[] Mp3 = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8];

    /// <summary>A file of <paramref name="size"/> bytes that starts with <paramref name="header"/> (type by magic bytes).</summary>
    private static byte[] FileOf(byte[] header, int size)
    {
        var content = new byte[size];
        header.CopyTo(content, 0);
        return content;
    }

    private async Task<BadRequest.Types.FieldViolation> RefusedEvidenceAsync(Guid leadId, Caller rep, params (string Name, byte[] Content)[] files)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Host.Client.FileAppealAsync(Appeal(leadId, files), Host.As(rep)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
    }

    /// <summary>A routed lead whose customer turned red twice: in the cleaning pool, its owner's rights revoked.</summary>
    private async Task<(Guid LeadId, Caller Rep, Caller Supervisor)> CleaningPoolLeadAsync()
    {
        var territory = Seed.NewTerritory();
        var supervisor = Seed.Supervisor(Guid.NewGuid().ToString("D"));
        var rep = Seed.Rep(await Seed.RepAsync(Host, territory, supervisor: supervisor.UserId));
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var customerId = Guid.NewGuid();
        await PublishAsync(customerId, leadId, rep.UserId, "red", 1);
        await PublishAsync(customerId, leadId, rep.UserId, "red", 2);
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == LeadStatus.CleaningPool, "lead moved to the cleaning pool");
        return (leadId, rep, supervisor);
    }

    private static LeadId Id(Guid id) => new() { Value = id.ToString("D") };

    /// <summary>A status change as Activities publishes it (its red streak included), one second after the previous one; returns its time.</summary>
    private async Task<DateTimeOffset> PublishAsync(Guid customerId, Guid leadId, string owner, string status, int streak)
    {
        fx.Clock.Advance(TimeSpan.FromSeconds(1)); // strictly increasing event times, as Activities produces them
        var at = fx.Clock.GetUtcNow();
        await Host.Services.GetRequiredService<IBus>().Publish(StatusChange(customerId, leadId, owner, status, streak, at));
        return at;
    }

    private static CustomerStatusChanged StatusChange(Guid customerId, Guid leadId, string owner, string status, int streak, DateTimeOffset at) =>
        new(customerId, leadId, owner, null, status, streak, true, "连续 60 天无有效互动", at);

    private Task<bool> AppliedAsync(params Guid[] messageIds) =>
        Host.DbAsync(async db => await db.Set<InboxMessage>().CountAsync(m => messageIds.Contains(m.MessageId) && m.Consumer == "circuit-breaker") == messageIds.Length);

    private static FileAppealRequest Appeal(Guid leadId, params (string Name, byte[] Content)[] files)
    {
        var request = new FileAppealRequest { LeadId = new LeadId { Value = leadId.ToString("D") }, Reason = "客户已明确表示无需求，红色标记有误" };
        request.Evidence.AddRange(files.Select(f => new EvidenceFile { FileName = f.Name, Content = ByteString.CopyFrom(f.Content) }));
        return request;
    }
}
