using Grpc.Core;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>LR-5: the claim board streams a snapshot, then live changes; contact details are masked for non-owners.</summary>
public sealed class BoardTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;

    [Fact]
    public async Task The_board_sends_a_masked_snapshot_then_a_change_as_it_commits()
    {
        var territory = Seed.NewTerritory();
        var owner = Seed.Rep(await Seed.RepAsync(Host, territory));
        var stranger = Seed.Rep(await Seed.RepAsync(Host, Seed.NewTerritory()));
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var id = leadId.ToString("D");

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var strangerWatch = Host.Client.WatchBoard(new WatchBoardRequest(), Host.As(stranger), cancellationToken: cancel.Token);
        var snapshot = await ReadSnapshotAsync(strangerWatch.ResponseStream, cancel.Token);
        var seen = snapshot.Single(l => l.LeadId.Value == id);
        Assert.True(seen.ContactMasked);
        Assert.Equal(("138****8000", "张**", "z***@example.com"), (seen.Phone, seen.ContactName, seen.Email));
        Assert.Equal("杭州某某医疗器械有限公司", seen.Company);
        Assert.Equal((BoardLeadStatus.Assigned, owner.UserId), (seen.Status, seen.Owner.Value));
        Assert.Equal("rep " + owner.UserId[..4], seen.OwnerName); // who follows it is public, their contact data is not
        Assert.Equal(fx.Clock.GetUtcNow().AddMinutes(30), seen.ViewDueAt.ToDateTimeOffset());

        using var ownerWatch = Host.Client.WatchBoard(new WatchBoardRequest(), Host.As(owner), cancellationToken: cancel.Token);
        var own = (await ReadSnapshotAsync(ownerWatch.ResponseStream, cancel.Token)).Single(l => l.LeadId.Value == id);
        Assert.False(own.ContactMasked);
        Assert.Equal("138-0013-8000", own.Phone);

        await Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = new LeadId { Value = id }, Target = OverrideTarget.PublicPool, Reason = "测试看板推送",
        }, Host.As(Seed.Supervisor("sup-board")));

        while (await strangerWatch.ResponseStream.MoveNext(cancel.Token))
        {
            var update = strangerWatch.ResponseStream.Current;
            if (update.Kind != BoardUpdateKind.Change || update.Lead.LeadId.Value != id)
                continue;
            Assert.Equal(BoardLeadStatus.PublicPool, update.Lead.Status);
            Assert.Null(update.Lead.Owner);
            Assert.True(update.Lead.ContactMasked);
            return;
        }
        Assert.Fail("the board stream ended without the change");
    }

    [Fact]
    public async Task Only_sales_staff_watch_the_board_other_roles_are_refused()
    {
        var territory = Seed.NewTerritory();
        await Seed.RepAsync(Host, territory);
        var leadId = (await Seed.RoutedLeadAsync(Host, territory)).ToString("D");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        foreach (var role in new[] { CallerRoles.Finance, CallerRoles.Delivery, CallerRoles.Presales })
        {
            var caller = new Caller($"{role}-{Guid.NewGuid():N}", role, new HashSet<string> { role }, "team-1");
            using var refused = Host.Client.WatchBoard(new WatchBoardRequest(), Host.As(caller), cancellationToken: cancel.Token);
            var error = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(cancel.Token));
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        }

        var admin = new Caller("admin-board", "管理员", new HashSet<string> { CallerRoles.Admin }, null);
        foreach (var staff in new[] { Seed.Supervisor("sup-" + Guid.NewGuid().ToString("N")), admin })
        {
            using var watch = Host.Client.WatchBoard(new WatchBoardRequest(), Host.As(staff), cancellationToken: cancel.Token);
            Assert.Contains(await ReadSnapshotAsync(watch.ResponseStream, cancel.Token), l => l.LeadId.Value == leadId);
        }
    }

    private static async Task<List<BoardLead>> ReadSnapshotAsync(IAsyncStreamReader<WatchBoardResponse> stream, CancellationToken ct)
    {
        var rows = new List<BoardLead>();
        while (await stream.MoveNext(ct))
        {
            if (stream.Current.Kind == BoardUpdateKind.SnapshotComplete)
                return rows;
            Assert.Equal(BoardUpdateKind.Snapshot, stream.Current.Kind);
            rows.Add(stream.Current.Lead);
        }
        throw new InvalidOperationException("The stream ended before the snapshot was complete.");
    }
}
