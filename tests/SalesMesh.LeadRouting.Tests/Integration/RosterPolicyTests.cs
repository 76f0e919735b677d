using Grpc.Core;
using Google.Rpc;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-10 roster and LR-3 versioned policy. Own host: these tests change the global policy.</summary>
public sealed class RosterPolicyTests(LeadRoutingHost host) : IClassFixture<LeadRoutingHost>
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _admin = host.As(People.Admin());

    [Fact]
    public async Task Roster_entries_are_versioned_published_and_deactivated_reps_get_no_leads()
    {
        var team = "team-" + People.Short();
        var userId = "rep-" + People.Short();
        var line = "pl-" + People.Short();
        var created = await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = People.RosterRep(userId, team, ["杭州"], [line], supervisor: "sup-1") });
        Assert.Equal(1, created.Rep.Version);
        Assert.True(created.Rep.Active);

        await Assertions.RefusedAsync(StatusCode.Aborted, () => _admin.UpsertRepAsync(new UpsertRepRequest
        {
            Rep = People.RosterRep(userId, team, ["宁波"], [line]), ExpectedVersion = 0,
        }).ResponseAsync);
        var changed = await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = People.RosterRep(userId, team, ["宁波"], [line]), ExpectedVersion = 1 });
        Assert.Equal(2, changed.Rep.Version);
        Assert.Equal(["宁波"], changed.Rep.Territories);

        var desk = host.As(People.Rep("desk-" + People.Short(), "desk"));
        Assert.Equal(userId, (await desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line))).Owner.Value);
        var deactivated = await _admin.DeactivateRepAsync(new DeactivateRepRequest { UserId = new() { Value = userId } });
        Assert.False(deactivated.Rep.Active);
        Assert.Equal(LeadStatus.PublicPool, (await desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line))).Status);

        var roster = await _admin.ListRosterAsync(new ListRosterRequest());
        Assert.DoesNotContain(roster.Reps, r => r.UserId.Value == userId);
        Assert.Contains((await _admin.ListRosterAsync(new ListRosterRequest { IncludeInactive = true })).Reps, r => r.UserId.Value == userId);

        var published = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == "urn:message:" + RosterChanged.EventName && m.Body.Contains(userId)).CountAsync());
        Assert.Equal(3, published);
    }

    [Fact]
    public async Task A_supervisor_manages_their_own_teams_entries_and_another_teams_supervisor_is_refused_with_a_reason()
    {
        var (teamA, teamB) = ("team-" + People.Short(), "team-" + People.Short());
        var (supervisorA, supervisorB) = (People.Supervisor(teamA), People.Supervisor(teamB));
        var (ownA, ownB) = (host.As(supervisorA), host.As(supervisorB, "en"));
        var userId = "rep-" + People.Short();
        Assert.Equal(1, (await ownA.UpsertRepAsync(new UpsertRepRequest { Rep = People.RosterRep(userId, teamA, ["杭州"], []) })).Rep.Version);
        Assert.Equal(2, (await ownA.UpsertRepAsync(new UpsertRepRequest { Rep = People.RosterRep(userId, teamA, ["宁波"], []), ExpectedVersion = 1 })).Rep.Version);

        // Writing into team A, taking team A's rep over into team B, deactivating them: all refused as a role check, nothing changes.
        var into = await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => ownB.UpsertRepAsync(new UpsertRepRequest
        {
            Rep = People.RosterRep("rep-" + People.Short(), teamA, ["杭州"], []),
        }).ResponseAsync);
        Assert.Equal($"A supervisor can only manage reps of their own team ({teamB}), not roster entries of team '{teamA}'.", into.Status.Detail);
        var takeOver = await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => ownB.UpsertRepAsync(new UpsertRepRequest
        {
            Rep = People.RosterRep(userId, teamB, ["杭州"], []), ExpectedVersion = 2,
        }).ResponseAsync);
        Assert.Equal(into.Status.Detail, takeOver.Status.Detail);
        var deactivate = await Assertions.RefusedAsync(StatusCode.PermissionDenied, () => host.As(supervisorB).DeactivateRepAsync(new DeactivateRepRequest
        {
            UserId = new() { Value = userId },
        }).ResponseAsync);
        Assert.Equal($"主管只能维护本团队（{teamB}）的销售，不能维护团队“{teamA}”的花名册条目。", deactivate.Status.Detail);
        await Assertions.RefusedAsync(StatusCode.NotFound, () => ownB.DeactivateRepAsync(new DeactivateRepRequest { UserId = new() { Value = "nobody-" + People.Short() } }).ResponseAsync);
        var entry = (await _admin.ListRosterAsync(new ListRosterRequest { IncludeInactive = true })).Reps.Single(r => r.UserId.Value == userId);
        Assert.Equal((teamA, 2, true, "宁波"), (entry.TeamId, entry.Version, entry.Active, string.Join(",", entry.Territories)));

        Assert.False((await ownA.DeactivateRepAsync(new DeactivateRepRequest { UserId = new() { Value = userId } })).Rep.Active);
    }

    [Fact]
    public async Task A_bad_roster_entry_is_refused_with_field_violations()
    {
        var before = await host.TableCountsAsync();
        var rep = People.RosterRep("", "t", ["杭州", ""], ["q"], capacity: 0);
        rep.Backup = new() { Value = "nobody-" + People.Short() };
        rep.Shift.Add(new WorkingWindow { DayOfWeek = 9, Start = "09:00", End = "18:00" });

        await Assertions.InvalidArgumentAsync(() => _admin.UpsertRepAsync(new UpsertRepRequest { Rep = rep }).ResponseAsync,
            "rep.userId.value", "rep.displayName", "rep.capacity", "rep.territories[1]", "rep.backup.value", "rep.shift[0]");
        Assert.Equal(before, await host.TableCountsAsync());
    }

    [Fact]
    public async Task The_roster_cannot_lose_the_last_active_rep_qualified_for_a_product_line_of_the_policy()
    {
        var (line, qualification, team) = ("pl-" + People.Short(), "q-" + People.Short(), "team-" + People.Short());
        var first = People.RosterRep("rep-" + People.Short(), team, ["杭州"], [qualification, "other"], name: "王一");
        var second = People.RosterRep("rep-" + People.Short(), team, ["杭州"], [qualification], name: "李二");
        await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = first });
        await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = second });
        var current = (await _admin.GetRoutingPolicyAsync(new GetRoutingPolicyRequest())).Policy;
        var policy = current.Clone();
        policy.ProductLineQualifications[line] = qualification;
        await _admin.PutRoutingPolicyAsync(new PutRoutingPolicyRequest { Policy = policy, ExpectedVersion = current.Version });

        // Two qualified reps: either may go.
        await _admin.DeactivateRepAsync(new DeactivateRepRequest { UserId = second.UserId });
        var before = await host.TableCountsAsync();

        // The last one may neither leave nor drop the qualification; the answer names the product line.
        var leaving = await Assertions.InvalidArgumentAsync(() => _admin.DeactivateRepAsync(new DeactivateRepRequest { UserId = first.UserId }).ResponseAsync, "userId.value");
        var violation = Assert.Single(leaving.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations);
        Assert.Contains($"产品线“{line}”", violation.Description);
        Assert.Contains(qualification, violation.Description);
        var dropping = first.Clone();
        dropping.Qualifications.Remove(qualification);
        var english = await Assertions.InvalidArgumentAsync(() => _admin.UpsertRepAsync(new UpsertRepRequest { Rep = dropping, ExpectedVersion = 1 },
            new Metadata { { "accept-language", "en" } }).ResponseAsync, "rep.qualifications");
        Assert.Contains($"every '{line}' lead would go to the public pool", english.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Description);
        Assert.Equal(before, await host.TableCountsAsync());
        var roster = await _admin.ListRosterAsync(new ListRosterRequest());
        Assert.Equal([qualification, "other"], roster.Reps.Single(r => r.UserId.Equals(first.UserId)).Qualifications);

        // Changes that keep the line covered still go through.
        var renamed = first.Clone();
        renamed.DisplayName = "王一（杭州）";
        Assert.Equal(2, (await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = renamed, ExpectedVersion = 1 })).Rep.Version);
        await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = second, ExpectedVersion = 2 }); // back on the roster
        Assert.False((await _admin.DeactivateRepAsync(new DeactivateRepRequest { UserId = first.UserId })).Rep.Active);
    }

    [Fact]
    public async Task The_policy_is_versioned_with_optimistic_concurrency_and_validated_against_the_roster()
    {
        var line = "pl-" + People.Short();
        await _admin.UpsertRepAsync(new UpsertRepRequest { Rep = People.RosterRep("rep-" + People.Short(), "t", ["杭州", "宁波"], ["ortho"]) });
        var current = (await _admin.GetRoutingPolicyAsync(new GetRoutingPolicyRequest())).Policy;
        var before = await host.TableCountsAsync();

        var bad = current.Clone();
        bad.LoadWeight = "-0.5";
        bad.Territory = new TerritoryRule { SameTerritoryFirst = true, Neighbors = { ["杭州"] = new TerritoryList { Territories = { "火星" } } } };
        bad.ProductLineQualifications[line] = "dental-" + People.Short();
        var error = await Assertions.InvalidArgumentAsync(() => _admin.PutRoutingPolicyAsync(new PutRoutingPolicyRequest
        {
            Policy = bad, ExpectedVersion = current.Version,
        }).ResponseAsync, "policy.loadWeight", "policy.territory.neighbors[杭州][0]", $"policy.productLineQualifications[{line}]");
        Assert.Equal(before, await host.TableCountsAsync());

        var good = current.Clone();
        good.TerritoryWeight = "0.6";
        good.Territory = new TerritoryRule { SameTerritoryFirst = true, Neighbors = { ["杭州"] = new TerritoryList { Territories = { "宁波" } } } };
        good.ProductLineQualifications["orthopedic-equipment"] = "ortho";
        var saved = await _admin.PutRoutingPolicyAsync(new PutRoutingPolicyRequest { Policy = good, ExpectedVersion = current.Version, Comment = "地域优先" });
        Assert.Equal(current.Version + 1, saved.Policy.Version);
        Assert.Equal("0.6", (await _admin.GetRoutingPolicyAsync(new GetRoutingPolicyRequest())).Policy.TerritoryWeight);

        await Assertions.RefusedAsync(StatusCode.Aborted, () => _admin.PutRoutingPolicyAsync(new PutRoutingPolicyRequest
        {
            Policy = good, ExpectedVersion = current.Version,
        }).ResponseAsync);
    }
}
