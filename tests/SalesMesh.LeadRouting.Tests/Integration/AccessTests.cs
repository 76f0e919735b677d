using Google.Protobuf;
using Grpc.Core;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>Authorization: owners see their leads in full, others masked or NOT_FOUND; role violations are PERMISSION_DENIED.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class AccessTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    private async Task<(TestTeam Team, IntakeLeadResponse Lead, string Phone)> AssignedLeadAsync()
    {
        var team = await TestTeam.CreateAsync(host, reps: 2);
        var phone = People.NewMobile();
        var lead = await _desk.IntakeLeadAsync(People.Lead(phone, team.ProductLine, email: $"li.{People.Short()}@example.com", name: "李小龙"));
        return (team, lead, phone);
    }

    [Fact]
    public async Task The_owner_sees_the_contact_in_full()
    {
        var (team, lead, phone) = await AssignedLeadAsync();
        var owner = host.As(team.RepById(lead.Owner.Value));

        var seen = await owner.GetLeadAsync(new GetLeadRequest { LeadId = lead.LeadId });

        Assert.False(seen.Lead.ContactMasked);
        Assert.Equal(phone, seen.Lead.Phone);
        Assert.Equal("李小龙", seen.Lead.Name);
        Assert.NotNull(seen.Sources[0].Payload is null ? "" : "payload");
    }

    [Fact]
    public async Task Another_rep_of_the_same_team_gets_NOT_FOUND_exactly_like_for_a_lead_that_does_not_exist()
    {
        var (team, lead, _) = await AssignedLeadAsync();
        var other = host.As(team.Reps.Single(r => r.UserId != lead.Owner.Value));

        var forOthers = await Assertions.RefusedAsync(StatusCode.NotFound, () => other.GetLeadAsync(new GetLeadRequest { LeadId = lead.LeadId }).ResponseAsync);
        var forMissing = await Assertions.RefusedAsync(StatusCode.NotFound,
            () => other.GetLeadAsync(new GetLeadRequest { LeadId = new() { Value = Guid.NewGuid().ToString() } }).ResponseAsync);
        Assert.Equal(forMissing.Status.Detail, forOthers.Status.Detail);
        await Assertions.RefusedAsync(StatusCode.NotFound, () => other.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = lead.LeadId }).ResponseAsync);
        await Assertions.RefusedAsync(StatusCode.NotFound, () => other.VerifyHistoryAsync(new VerifyHistoryRequest { LeadId = lead.LeadId }).ResponseAsync);
    }

    [Fact]
    public async Task The_teams_supervisor_sees_in_full_another_teams_supervisor_gets_NOT_FOUND()
    {
        var (team, lead, phone) = await AssignedLeadAsync();
        var ownSupervisor = await host.As(team.Supervisor).GetLeadAsync(new GetLeadRequest { LeadId = lead.LeadId });
        Assert.Equal(phone, ownSupervisor.Lead.Phone);

        var stranger = host.As(People.Supervisor("team-other-" + People.Short()));
        await Assertions.RefusedAsync(StatusCode.NotFound, () => stranger.GetLeadAsync(new GetLeadRequest { LeadId = lead.LeadId }).ResponseAsync);
    }

    [Fact]
    public async Task A_pooled_lead_is_visible_to_reps_but_masked()
    {
        var phone = People.NewMobile();
        var pooled = await _desk.IntakeLeadAsync(People.Lead(phone, "pl-nobody-" + People.Short(), name: "张三丰", company: "宁波" + People.Short() + "有限公司"));
        var rep = host.As(People.Rep("rep-" + People.Short(), "t"));

        var seen = await rep.GetLeadAsync(new GetLeadRequest { LeadId = pooled.LeadId });

        Assert.True(seen.Lead.ContactMasked);
        Assert.Equal(phone[..3] + "****" + phone[^4..], seen.Lead.Phone);
        Assert.Equal("张**", seen.Lead.Name);
        Assert.StartsWith("宁波", seen.Lead.Company, StringComparison.Ordinal); // the company stays readable
        Assert.All(seen.Sources, s => Assert.Null(s.Payload));
        Assert.DoesNotContain(seen.Sources, s => s.Phone.Contains(phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rep_lists_only_their_own_leads_and_may_not_ask_for_someone_elses()
    {
        var (team, lead, _) = await AssignedLeadAsync();
        var owner = team.RepById(lead.Owner.Value);
        var other = team.Reps.Single(r => r.UserId != owner.UserId);

        var mine = await host.As(owner).ListLeadsAsync(new ListLeadsRequest());
        Assert.Contains(mine.Leads, l => l.LeadId.Equals(lead.LeadId));
        Assert.All(mine.Leads, l => Assert.Equal(owner.UserId, l.Owner.Value));
        var theirs = await host.As(other).ListLeadsAsync(new ListLeadsRequest());
        Assert.DoesNotContain(theirs.Leads, l => l.LeadId.Equals(lead.LeadId));
        await Assertions.RefusedAsync(StatusCode.PermissionDenied,
            () => host.As(other).ListLeadsAsync(new ListLeadsRequest { Owner = new() { Value = owner.UserId } }).ResponseAsync);

        var teamView = await host.As(team.Supervisor).ListLeadsAsync(new ListLeadsRequest { Statuses = { LeadStatus.Assigned } });
        Assert.Contains(teamView.Leads, l => l.LeadId.Equals(lead.LeadId) && !l.ContactMasked);
    }

    [Fact]
    public async Task Lists_page_newest_first_with_a_cursor()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine))).LeadId.Value);
        var rep = host.As(team.Reps[0]);

        var first = await rep.ListLeadsAsync(new ListLeadsRequest { Page = new() { PageSize = 3 } });
        var second = await rep.ListLeadsAsync(new ListLeadsRequest { Page = new() { PageSize = 3, PageToken = first.Page.NextPageToken } });

        Assert.Equal(5, first.Page.TotalSize);
        Assert.Equal(Enumerable.Reverse(ids), first.Leads.Concat(second.Leads).Select(l => l.LeadId.Value));
        Assert.Empty(second.Page.NextPageToken);
    }

    [Fact]
    public async Task Only_sales_staff_enter_leads_finance_delivery_and_presales_are_refused_and_nothing_is_stored()
    {
        var line = "pl-none-" + People.Short();
        var before = await host.TableCountsAsync();
        foreach (var role in new[] { CallerRoles.Finance, CallerRoles.Delivery, CallerRoles.Presales })
        {
            var client = host.As(new Caller($"{role}-{People.Short()}", role, new HashSet<string> { role }, "t"));
            await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => client.IntakeLeadAsync(People.Lead(People.NewMobile(), line)).ResponseAsync);
            await Assertions.RefusedAsync(StatusCode.PermissionDenied,
                () => client.IntakeLeadBatchAsync(new IntakeLeadBatchRequest { Leads = { People.Lead(People.NewMobile(), line) } }).ResponseAsync);
            await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => client.ImportLeadsAsync(new ImportLeadsRequest
            {
                FileKey = "f-" + People.Short(), Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8("电话\n" + People.NewMobile() + "\n"),
            }).ResponseAsync);
        }
        Assert.Equal(before, await host.TableCountsAsync());

        foreach (var staff in new[] { People.Supervisor("t"), People.Admin() })
            Assert.Equal(LeadStatus.PublicPool, (await host.As(staff).IntakeLeadAsync(People.Lead(People.NewMobile(), line))).Status);
    }

    [Fact]
    public async Task Reps_may_not_manage_the_roster_or_the_policy()
    {
        var rep = host.As(People.Rep("rep-" + People.Short(), "t"));
        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => rep.UpsertRepAsync(new UpsertRepRequest
        {
            Rep = People.RosterRep("x-" + People.Short(), "t", ["杭州"], ["q"]),
        }).ResponseAsync);
        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => rep.GetRoutingPolicyAsync(new GetRoutingPolicyRequest()).ResponseAsync);
        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => host.As(People.Supervisor("t"))
            .PutRoutingPolicyAsync(new PutRoutingPolicyRequest { Policy = new RoutingPolicy(), ExpectedVersion = 1 }).ResponseAsync);
        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => rep.VerifyHistoryAsync(new VerifyHistoryRequest()).ResponseAsync);
        await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => host.As(People.Finance()).ListLeadsAsync(new ListLeadsRequest()).ResponseAsync);
    }
}
