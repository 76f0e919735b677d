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

        await PublishAsync(customerId, leadId, rep.UserId, "red");
        await PublishAsync(customerId, leadId, rep.UserId, "green"); // resets the streak
        await PublishAsync(customerId, leadId, rep.UserId, "red");
        await Eventually.TrueAsync(async () => await Host.DbAsync(db => db.Set<CustomerBreakerRecord>().AnyAsync(b => b.CustomerId == customerId && b.LastEventAt != null && b.ConsecutiveReds == 1)),
            "three events applied, one red in a row");
        Assert.Equal(LeadStatus.Assigned, (await Seed.LeadAsync(Host, leadId)).Status);

        await PublishAsync(customerId, leadId, rep.UserId, "red");
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
        await PublishAsync(customerId, leadId, rep.UserId, "red");
        await PublishAsync(customerId, leadId, rep.UserId, "red");
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == LeadStatus.CleaningPool, "lead moved to the cleaning pool");
        return (leadId, rep, supervisor);
    }

    private static LeadId Id(Guid id) => new() { Value = id.ToString("D") };

    private Task PublishAsync(Guid customerId, Guid leadId, string owner, string status)
    {
        fx.Clock.Advance(TimeSpan.FromSeconds(1)); // strictly increasing event times, as Activities produces them
        return Host.Services.GetRequiredService<IBus>().Publish(new CustomerStatusChanged(customerId, leadId, owner, null, status,
            status == "red" ? 1 : 0, true, "test", fx.Clock.GetUtcNow()));
    }

    private static FileAppealRequest Appeal(Guid leadId, params (string Name, byte[] Content)[] files)
    {
        var request = new FileAppealRequest { LeadId = new LeadId { Value = leadId.ToString("D") }, Reason = "客户已明确表示无需求，红色标记有误" };
        request.Evidence.AddRange(files.Select(f => new EvidenceFile { FileName = f.Name, Content = ByteString.CopyFrom(f.Content) }));
        return request;
    }
}
