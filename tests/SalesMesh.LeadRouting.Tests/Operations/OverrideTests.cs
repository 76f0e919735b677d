using Google.Rpc;
using Grpc.Core;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.ServiceDefaults.Identity;
using LeadStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>
/// LR-9: only supervisors override — leads of their team or nobody's; admins any — always with a reason,
/// and the override is in the tamper-evident history.
/// </summary>
public sealed class OverrideTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;

    [Fact]
    public async Task A_rep_may_not_override_and_a_supervisor_must_give_a_reason()
    {
        var territory = Seed.NewTerritory();
        var owner = await Seed.RepAsync(Host, territory);
        var other = await Seed.RepAsync(Host, Seed.NewTerritory());
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var request = new OverrideAssignmentRequest { LeadId = Id(leadId), Target = OverrideTarget.Assign, NewOwner = new UserId { Value = other }, Reason = "客户指定" };

        var denied = await Assert.ThrowsAsync<RpcException>(() => Host.Client.OverrideAssignmentAsync(request, Host.As(Seed.Rep(other))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var noReason = request.Clone();
        noReason.Reason = "  ";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Host.Client.OverrideAssignmentAsync(noReason, Host.As(Seed.Supervisor("sup-x"))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var violation = Assert.Single(invalid.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("reason", violation.Field);
        Assert.Contains("覆盖原因", violation.Description);

        var lead = await Seed.LeadAsync(Host, leadId);
        Assert.Equal(owner, lead.OwnerUserId); // nothing changed
        Assert.Empty(await Seed.EventsAsync<AssignmentOverridden>(Host, leadId));
    }

    [Fact]
    public async Task A_supervisor_override_moves_the_lead_and_is_recorded_in_the_chain()
    {
        var territory = Seed.NewTerritory();
        var owner = await Seed.RepAsync(Host, territory);
        var other = await Seed.RepAsync(Host, Seed.NewTerritory());
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var supervisor = Seed.Supervisor(Guid.NewGuid().ToString("D"), "李主管");

        var response = await Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = Id(leadId), Target = OverrideTarget.Assign, NewOwner = new UserId { Value = other }, Reason = "客户点名要求王五跟进",
        }, Host.As(supervisor));

        Assert.Equal((other, owner, BoardLeadStatus.Assigned), (response.Owner.Value, response.PreviousOwner.Value, response.Status));
        Assert.Equal(other, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);
        var history = await Seed.HistoryAsync(Host, leadId);
        var entry = history.Last();
        Assert.Equal(("assignment-overridden", supervisor.UserId, response.HistoryEntryId), (entry.Kind, entry.ActorId, entry.EntryId.ToString("D")));
        Assert.Contains("客户点名要求王五跟进", entry.Data);
        Assert.Contains("李主管", entry.Data);
        Assert.Equal(history[^2].Hash, entry.LeadPreviousHash); // chained to the assignment it explains
        var evt = Assert.Single(await Seed.EventsAsync<AssignmentOverridden>(Host, leadId));
        Assert.Equal((supervisor.UserId, "assign", owner, other, "客户点名要求王五跟进"), (evt.SupervisorUserId, evt.Target, evt.PreviousOwnerUserId, evt.NewOwnerUserId, evt.Reason));
        Assert.Single(await Seed.EventsAsync<LeadReassigned>(Host, leadId));

        var again = await Assert.ThrowsAsync<RpcException>(() => Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = Id(leadId), Target = OverrideTarget.Assign, NewOwner = new UserId { Value = other }, Reason = "再次确认",
        }, Host.As(supervisor)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Another_teams_supervisor_cannot_override_and_learns_nothing_the_owners_supervisor_and_an_admin_can()
    {
        var territory = Seed.NewTerritory();
        var directSupervisor = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "王主管", new HashSet<string> { CallerRoles.Supervisor }, "team-elsewhere");
        var owner = await Seed.RepAsync(Host, territory, supervisor: directSupervisor.UserId); // a team-1 rep
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        var stranger = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "赵主管", new HashSet<string> { CallerRoles.Supervisor }, "team-2");
        OverrideAssignmentRequest ToPool(Guid id) => new() { LeadId = Id(id), Target = OverrideTarget.PublicPool, Reason = "客户要求更换对接人" };

        var hidden = await Assert.ThrowsAsync<RpcException>(() => Host.Client.OverrideAssignmentAsync(ToPool(leadId), Host.As(stranger)).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Host.Client.OverrideAssignmentAsync(ToPool(Guid.NewGuid()), Host.As(stranger)).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, unknown.Status.Detail), (hidden.StatusCode, hidden.Status.Detail));
        Assert.DoesNotContain(owner, hidden.Status.Detail);
        Assert.Equal((LeadStatus.Assigned, owner), ((await Seed.LeadAsync(Host, leadId)).Status, (await Seed.LeadAsync(Host, leadId)).OwnerUserId));
        Assert.Empty(await Seed.EventsAsync<AssignmentOverridden>(Host, leadId));

        // The owner's supervisor on the roster may, though their account names another team.
        var pooled = await Host.Client.OverrideAssignmentAsync(ToPool(leadId), Host.As(directSupervisor));
        Assert.Equal((BoardLeadStatus.PublicPool, owner), (pooled.Status, pooled.PreviousOwner.Value));

        // Nobody owns it now: any supervisor may decide where it goes; an admin may override any lead.
        var assigned = await Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = Id(leadId), Target = OverrideTarget.Assign, NewOwner = new UserId { Value = owner }, Reason = "公海线索指派给原负责人",
        }, Host.As(stranger));
        Assert.Equal((BoardLeadStatus.Assigned, owner), (assigned.Status, assigned.Owner.Value));
        var admin = new Caller("admin-" + Guid.NewGuid().ToString("N")[..8], "管理员", new HashSet<string> { CallerRoles.Admin }, null);
        var cleaned = await Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = Id(leadId), Target = OverrideTarget.CleaningPool, Reason = "号码为空号，转入待清洗",
        }, Host.As(admin));
        Assert.Equal(BoardLeadStatus.CleaningPool, cleaned.Status);
        Assert.Equal([directSupervisor.UserId, stranger.UserId, admin.UserId],
            (await Seed.EventsAsync<AssignmentOverridden>(Host, leadId)).Select(e => e.SupervisorUserId));
    }

    private static LeadId Id(Guid id) => new() { Value = id.ToString("D") };
}
