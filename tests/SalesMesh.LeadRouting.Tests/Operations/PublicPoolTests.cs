using Google.Rpc;
using Grpc.Core;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using LeadStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;
using SalesMesh.LeadRouting.Tests.Operations.Support;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Tests.Operations;

/// <summary>LR-7: claiming with its limits and cooldown, the pool listing, and recycling of leads nobody followed up.</summary>
public sealed class PublicPoolTests(OpsHostFixture fx) : IClassFixture<OpsHostFixture>
{
    private OpsHost Host => fx.Host;

    [Fact]
    public async Task A_rep_claims_up_to_the_daily_limit_and_the_next_claim_is_refused_with_the_reason()
    {
        var territory = Seed.NewTerritory();
        var rep = Seed.Rep(await Seed.RepAsync(Host, territory));
        var pooled = new List<Guid>();
        for (var i = 0; i < 6; i++)
            pooled.Add(await Seed.PooledLeadAsync(Host, territory));

        var listed = await Host.Client.ListPublicPoolAsync(new ListPublicPoolRequest(), Host.As(rep));
        var row = listed.Leads.Single(l => l.LeadId.Value == pooled[0].ToString("D"));
        Assert.Equal("138****8000", row.PhoneMasked);
        Assert.Equal("张**", row.ContactNameMasked);
        Assert.Equal("杭州某某医疗器械有限公司", row.Company);

        for (var i = 0; i < 5; i++)
        {
            var claimed = await Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(pooled[i]) }, Host.As(rep));
            Assert.Equal(4 - i, claimed.ClaimsLeftToday);
            Assert.Equal(fx.Clock.GetUtcNow().AddMinutes(30), claimed.Clocks.Single(c => c.Kind == SlaClockKind.View).DueAt.ToDateTimeOffset());
        }
        Assert.Equal(rep.UserId, (await Seed.LeadAsync(Host, pooled[4])).OwnerUserId);
        Assert.Single(await Seed.EventsAsync<LeadClaimed>(Host, pooled[4]));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(pooled[5]) }, Host.As(rep)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("今日已认领 5 条，已达每日上限 5 条", refused.Status.Detail);
        var failure = refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!;
        Assert.Equal("DAILY_LIMIT_REACHED", Assert.Single(failure.Violations).Type);
        var english = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(pooled[5]) }, Host.As(rep, "en")).ResponseAsync);
        Assert.Contains("daily limit is 5", english.Status.Detail);
        var untouched = await Seed.LeadAsync(Host, pooled[5]);
        Assert.Equal((LeadStatus.PublicPool, (string?)null), (untouched.Status, untouched.OwnerUserId));

        fx.Clock.Advance(TimeSpan.FromDays(1)); // the next Shanghai day
        var nextDay = await Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(pooled[5]) }, Host.As(rep));
        Assert.Equal(4, nextDay.ClaimsLeftToday);
    }

    [Fact]
    public async Task A_previous_owner_waits_out_the_cooldown_while_another_rep_may_claim()
    {
        var territory = Seed.NewTerritory();
        var supervisor = Seed.Supervisor(Guid.NewGuid().ToString("D"));
        var owner = Seed.Rep(await Seed.RepAsync(Host, territory));
        var other = Seed.Rep(await Seed.RepAsync(Host, Seed.NewTerritory()));
        var leadId = await Seed.RoutedLeadAsync(Host, territory);
        await Host.Client.OverrideAssignmentAsync(new OverrideAssignmentRequest
        {
            LeadId = Id(leadId), Target = OverrideTarget.PublicPool, Reason = "客户要求更换对接人",
        }, Host.As(supervisor));

        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(leadId) }, Host.As(owner)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("COOLDOWN_ACTIVE", Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
        Assert.Contains("冷却期", refused.Status.Detail);

        await Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(leadId) }, Host.As(other));
        Assert.Equal(other.UserId, (await Seed.LeadAsync(Host, leadId)).OwnerUserId);
    }

    [Fact]
    public async Task Only_reps_claim_and_a_malformed_id_is_invalid()
    {
        var supervisor = Seed.Supervisor(Guid.NewGuid().ToString("D"));
        var leadId = await Seed.PooledLeadAsync(Host, Seed.NewTerritory());
        var denied = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = Id(leadId) }, Host.As(supervisor)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadId = new LeadId { Value = "x" } }, Host.As(Seed.Rep("r"))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("leadId", Assert.Single(invalid.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Sales_roles_list_the_pool_and_other_roles_are_refused_like_on_the_claim_board()
    {
        var leadId = (await Seed.PooledLeadAsync(Host, Seed.NewTerritory())).ToString("D");
        var request = new ListPublicPoolRequest { Page = new PageRequest { PageSize = 200 } };
        var admin = new Caller("admin-" + Guid.NewGuid().ToString("N")[..8], "管理员", new HashSet<string> { CallerRoles.Admin }, null);

        foreach (var seller in new[] { Seed.Rep(Guid.NewGuid().ToString("D")), Seed.Supervisor(Guid.NewGuid().ToString("D")), admin })
        {
            var listed = await Host.Client.ListPublicPoolAsync(request, Host.As(seller));
            Assert.Equal("138****8000", listed.Leads.Single(l => l.LeadId.Value == leadId).PhoneMasked);
        }
        foreach (var role in new[] { CallerRoles.Finance, CallerRoles.Delivery, CallerRoles.Presales })
        {
            var other = new Caller(role + "-" + Guid.NewGuid().ToString("N")[..8], role, new HashSet<string> { role }, "team-1");
            var denied = await Assert.ThrowsAsync<RpcException>(() => Host.Client.ListPublicPoolAsync(request, Host.As(other, "en")).ResponseAsync);
            Assert.Equal((StatusCode.PermissionDenied, "Only reps, supervisors and admins can list the public pool"), (denied.StatusCode, denied.Status.Detail));
        }
    }

    [Fact]
    public async Task A_lead_nobody_contacted_for_48_hours_is_recycled_to_the_public_pool()
    {
        var territory = Seed.NewTerritory();
        var owner = await Seed.RepAsync(Host, territory);
        var leadId = await Seed.RoutedLeadAsync(Host, territory);

        fx.Clock.Advance(TimeSpan.FromHours(49));
        await Eventually.TrueAsync(async () => (await Seed.LeadAsync(Host, leadId)).Status == LeadStatus.PublicPool, "lead recycled to the public pool", 30);

        var pooled = (await Seed.EventsAsync<LeadPooled>(Host, leadId)).Last();
        Assert.Equal(("public-pool", "not-contacted-in-time"), (pooled.Pool, pooled.Cause));
        Assert.Contains("48 小时内未联系", pooled.ReasonZh);
        var lead = await Seed.LeadAsync(Host, leadId);
        Assert.Null(lead.OwnerUserId);
        Assert.Contains("48 小时内未联系", lead.PoolReasonZh);
        Assert.NotNull(lead.PreviousOwnerUserId);
        _ = owner;
    }

    private static LeadId Id(Guid id) => new() { Value = id.ToString("D") };
}
