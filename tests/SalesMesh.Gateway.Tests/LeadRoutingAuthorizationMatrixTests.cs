using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;
using static SalesMesh.Gateway.Tests.Support.Outcome;

namespace SalesMesh.Gateway.Tests;

/// <summary>
/// GW-3 for LeadRouting through the REST API: each role × each route × own / other's lead, decided
/// by the real LeadRouting service from the internal token the gateway mints. Columns follow
/// <see cref="Who"/>: owner rep, another rep of the owner's team, a rep of another team, the owner's
/// team supervisor (also their direct supervisor on the roster), another team's supervisor, admin,
/// finance, presales, delivery, nobody signed in. Expectations are the service's contract
/// (protos/salesmesh/leadrouting/v1, services/LeadRouting/README.md); where that contract hides a
/// lead, the 404 is the very answer an id that does not exist gets.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LeadRoutingAuthorizationMatrixTests(GatewayFixture fixture, Arranged<LeadRoutingAuthorizationMatrixTests.World> arranged)
    : IClassFixture<Arranged<LeadRoutingAuthorizationMatrixTests.World>>
{
    /// <summary>Arranged once for the class: the people, a lead of the owner, one of the other team's rep, one in the public pool.</summary>
    public sealed record World(LeadScenarios Leads, TestLead Owned, TestLead OtherTeams, TestLead Pooled, DateTimeOffset Since)
    {
        public MatrixPeople People => Leads.People;
    }

    private Task<World> WorldAsync() => arranged.GetAsync(async () =>
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var leads = new LeadScenarios(fixture, await MatrixPeople.CreateAsync(fixture));
        return new World(leads, await leads.OwnedByAsync(Who.OwnerRep), await leads.OwnedByAsync(Who.OtherTeamRep), await leads.InPublicPoolAsync(), since);
    });

    // {owned}: the owner rep's lead; {pooled}: a lead in the public pool. Clear/Masked: 200 and how the contact reads.
    public static TheoryData<string, Who, Outcome> Reads => Matrix.Cases(
        //                                                            owner      sameTeam   otherTeam  teamSup    otherSup   admin      finance    presales   delivery   anonymous
        Matrix.Of("/api/v1/leads/{owned}",                            Clear,     Hidden,    Hidden,    Clear,     Hidden,    Clear,     Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/leads/{pooled}",                           Masked,    Masked,    Masked,    Masked,    Masked,    Clear,     Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/leads/{owned}/sla-clocks",                 Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/lead-history:verify?leadId.value={owned}", Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/lead-history:verify",                      Forbidden, Forbidden, Forbidden, Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        // LR-7: the sales roles list the pool (like the claim board), contacts always masked (nobody owns a pooled lead).
        Matrix.Of("/api/v1/public-pool/leads?page.pageSize=200",      Masked,    Masked,    Masked,    Masked,    Masked,    Masked,    Forbidden, Forbidden, Forbidden, SignIn));

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Lead_reads_answer_by_role_and_ownership(string route, Who who, Outcome expected)
    {
        var world = await WorldAsync();
        var lead = route.Contains("{owned}") ? world.Owned : world.Pooled;
        using var client = await world.People.ClientAsync(who);

        using var response = await client.GetAsync(Path(route, world));
        var body = await Matrix.AssertAnswerAsync(response, expected, $"{route} as {who}");

        Matrix.AssertContact(body, expected, lead.Contact, $"{route} as {who}");
        if (expected == Hidden)
            await AssertLikeAnUnknownLeadAsync(client, route, body, lead);
    }

    // What ListLeads returns to each caller: the owner rep's lead and the other team rep's lead, listed (Clear/Masked) or not (Hidden).
    public static TheoryData<string, Who, Outcome> Lists => Matrix.Cases(
        //                             owner      sameTeam   otherTeam  teamSup    otherSup   admin      finance    presales   delivery   anonymous
        Matrix.Of("owner's lead",      Clear,     Hidden,    Hidden,    Clear,     Hidden,    Clear,     Forbidden, Forbidden, Forbidden, SignIn),
        Matrix.Of("other team's lead", Hidden,    Hidden,    Clear,     Hidden,    Clear,     Clear,     Forbidden, Forbidden, Forbidden, SignIn));

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Lead_lists_show_each_role_what_it_may_see(string which, Who who, Outcome expected)
    {
        var world = await WorldAsync();
        var lead = which == "owner's lead" ? world.Owned : world.OtherTeams;
        using var client = await world.People.ClientAsync(who);

        using var response = await client.GetAsync($"/api/v1/leads?received.start={world.Since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}&page.pageSize=200");
        var body = await Matrix.AssertAnswerAsync(response, expected == Hidden ? Ok : expected, $"list as {who}");
        if (Matrix.IsRefusal(expected) && expected != Hidden)
            return;

        var listed = JsonDocument.Parse(body).RootElement.GetProperty("leads").EnumerateArray()
            .SingleOrDefault(l => l.GetProperty("leadId").GetProperty("value").GetString() == lead.Id);
        if (expected == Hidden)
        {
            Assert.True(listed.ValueKind == JsonValueKind.Undefined, $"{who} should not see the {which}: {body}");
            Assert.DoesNotContain(Rest.Strings(body), s => s.Contains(lead.Contact.Phone[^8..]) || s == lead.Company);
        }
        else
        {
            Assert.True(listed.ValueKind == JsonValueKind.Object, $"{who} should see the {which}: {body}");
            Matrix.AssertContact(listed.GetRawText(), expected, lead.Contact, $"{which} listed for {who}");
        }
    }

    // Writes. Each case arranges its own target, reads it back before and after: a refusal changes nothing, an Ok changes it.
    public static TheoryData<string, Who, Outcome> Writes => Matrix.Cases(
        //                                                       owner      sameTeam   otherTeam  teamSup    otherSup   admin      finance    presales   delivery   anonymous
        // LR-9: a supervisor overrides their team's (and nobody's) leads, an admin any; for another team's supervisor the lead does not exist.
        Matrix.Of("POST /api/v1/leads/{id}:override-assignment", Forbidden, Forbidden, Forbidden, Ok,        Hidden,    Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        // LR-7: reps on the roster claim; supervisors and admins assign by override instead.
        Matrix.Of("POST /api/v1/public-pool/leads/{id}:claim",   Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, SignIn),
        // LR-8: only the rep whose rights were revoked appeals; for anyone else the case does not exist.
        Matrix.Of("POST /api/v1/leads/{id}/appeals",             Ok,        Hidden,    Hidden,    Hidden,    Hidden,    Hidden,    Hidden,    Hidden,    Hidden,    SignIn),
        // On a lead that is not in the cleaning pool: those who may see it learn why (400), for everyone else it does
        // not exist (404, the caller checked before the lead's state).
        Matrix.Of("POST /api/v1/leads/{id}/appeals (assigned)",  Invalid,   Hidden,    Hidden,    Invalid,   Hidden,    Invalid,   Hidden,    Hidden,    Hidden,    SignIn),
        // The rep's own supervisor (or an admin) decides; README: PERMISSION_DENIED for everyone else.
        Matrix.Of("POST /api/v1/appeals/{id}:decide",            Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        // LR-10: supervisors manage their own team's roster entries, admins all; another team's supervisor is refused (a role check: the roster is no secret to supervisors).
        Matrix.Of("PUT /api/v1/roster/reps/{id}",                Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        Matrix.Of("POST /api/v1/roster/reps/{id}:deactivate",    Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        // LR-3: the routing policy is the admin's alone.
        Matrix.Of("PUT /api/v1/routing-policy",                  Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn));

    [Theory]
    [MemberData(nameof(Writes))]
    public Task Lead_writes_answer_by_role_and_a_refused_write_changes_nothing(string route, Who who, Outcome expected) =>
        WriteAsync(route, who, expected);

    private async Task WriteAsync(string route, Who who, Outcome expected)
    {
        var world = await WorldAsync();
        var write = await ArrangeWriteAsync(world, route);
        try
        {
            var before = await write.ReadBack();
            using var client = await world.People.ClientAsync(who);

            using var response = await client.SendAsync(write.Request(write.TargetId));
            var body = await Matrix.AssertAnswerAsync(response, expected, $"{route} as {who}");

            var after = await write.ReadBack();
            if (expected == Ok)
                Assert.NotEqual(before, after);
            else
                Assert.Equal(before, after);
            if (expected == Hidden)
            {
                var unknownId = Guid.NewGuid().ToString();
                using var unknown = await client.SendAsync(write.Request(unknownId));
                Assert.Equal(Rest.ComparableProblem(await unknown.Content.ReadAsStringAsync(), unknownId), Rest.ComparableProblem(body, write.TargetId));
            }
        }
        finally
        {
            await write.CleanUp();
        }
    }

    /// <summary>The request (built for a target id, so the same call can be made on an id that does not exist)
    /// and what a user would check afterwards.</summary>
    private sealed record Write(string TargetId, Func<string, HttpRequestMessage> Request, Func<Task<string>> ReadBack)
    {
        public Func<Task> CleanUp { get; init; } = () => Task.CompletedTask;
    }

    private static async Task<Write> ArrangeWriteAsync(World world, string route)
    {
        var leads = world.Leads;
        var people = world.People;
        switch (route)
        {
            case "POST /api/v1/leads/{id}:override-assignment":
            {
                var lead = await leads.OwnedByAsync(Who.OwnerRep);
                return new Write(lead.Id, id => Rest.Request(HttpMethod.Post, $"/api/v1/leads/{id}:override-assignment",
                    new { target = "OVERRIDE_TARGET_PUBLIC_POOL", reason = "客户要求更换对接人" }), async () => (await leads.StateAsync(lead.Id)).ToString());
            }
            case "POST /api/v1/public-pool/leads/{id}:claim":
            {
                var lead = await leads.InPublicPoolAsync();
                return new Write(lead.Id, id => Rest.Request(HttpMethod.Post, $"/api/v1/public-pool/leads/{id}:claim", new { }),
                    async () => (await leads.StateAsync(lead.Id)).ToString());
            }
            case "POST /api/v1/leads/{id}/appeals":
            case "POST /api/v1/leads/{id}/appeals (assigned)":
            {
                var lead = route.EndsWith("(assigned)", StringComparison.Ordinal) ? await leads.OwnedByAsync(Who.OwnerRep) : await leads.InCleaningPoolAsync();
                return new Write(lead.Id, id => Rest.Request(HttpMethod.Post, $"/api/v1/leads/{id}/appeals", LeadScenarios.AppealBody()),
                    async () => await AppealsAsync(people, lead.Id) + " " + await leads.StateAsync(lead.Id));
            }
            case "POST /api/v1/appeals/{id}:decide":
            {
                var (lead, appealId) = await leads.PendingAppealAsync();
                return new Write(appealId, id => Rest.Request(HttpMethod.Post, $"/api/v1/appeals/{id}:decide",
                    new { approve = false, reason = "证据不足，维持清洗" }), () => AppealsAsync(people, lead.Id));
            }
            case "PUT /api/v1/roster/reps/{id}":
            case "POST /api/v1/roster/reps/{id}:deactivate":
            {
                // A team-A roster entry of its own, without territories (routing never prefers it), deactivated afterwards.
                var repId = Guid.NewGuid().ToString();
                using (var admin = await people.ClientAsync(Who.Admin))
                    await people.PutRepAsync(admin, repId, "临时销售", people.TeamA, people.IdOf(Who.TeamSupervisor), territory: null);
                Func<string, HttpRequestMessage> request = route.EndsWith(":deactivate", StringComparison.Ordinal)
                    ? id => Rest.Request(HttpMethod.Post, $"/api/v1/roster/reps/{id}:deactivate", new { })
                    : id => Rest.Request(HttpMethod.Put, $"/api/v1/roster/reps/{id}", new
                    {
                        rep = new { userId = new { value = id }, displayName = "改名的临时销售", teamId = people.TeamA, capacity = 1 },
                        expectedVersion = 1,
                    });
                return new Write(repId, request, () => RosterEntryAsync(people, repId))
                {
                    CleanUp = async () =>
                    {
                        using var admin = await people.ClientAsync(Who.Admin);
                        await Rest.OkAsync(admin, HttpMethod.Post, $"/api/v1/roster/reps/{repId}:deactivate", new { });
                    },
                };
            }
            case "PUT /api/v1/routing-policy":
            {
                // The policy in force, stored again: only its version moves, routing stays as it was.
                using var admin = await people.ClientAsync(Who.Admin);
                var policy = (await Rest.GetAsync(admin, "/api/v1/routing-policy")).GetProperty("policy");
                var version = policy.GetProperty("version").GetInt32();
                return new Write("", _ => Rest.Request(HttpMethod.Put, "/api/v1/routing-policy",
                    new { policy, expectedVersion = version, comment = "权限矩阵测试：原样保存" }), async () =>
                {
                    using var reader = await people.ClientAsync(Who.Admin);
                    return (await Rest.GetAsync(reader, "/api/v1/routing-policy")).GetProperty("policy").GetProperty("version").ToString();
                });
            }
            default:
                throw new ArgumentException("no arrangement for " + route);
        }
    }

    private static async Task<string> AppealsAsync(MatrixPeople people, string leadId)
    {
        using var admin = await people.ClientAsync(Who.Admin);
        var appeals = (await Rest.GetAsync(admin, $"/api/v1/leads/{leadId}/appeals")).GetProperty("appeals");
        return string.Join(",", appeals.EnumerateArray().Select(a => a.GetProperty("state").GetString()));
    }

    private static async Task<string> RosterEntryAsync(MatrixPeople people, string repId)
    {
        using var admin = await people.ClientAsync(Who.Admin);
        var reps = (await Rest.GetAsync(admin, "/api/v1/roster/reps?includeInactive=true")).GetProperty("reps");
        var rep = reps.EnumerateArray().Single(r => r.GetProperty("userId").GetProperty("value").GetString() == repId);
        return $"{rep.GetProperty("displayName").GetString()} v{rep.GetProperty("version").GetString()} active={rep.GetProperty("active").GetBoolean()}";
    }

    private static string Path(string route, World world) =>
        route.Replace("{owned}", world.Owned.Id).Replace("{pooled}", world.Pooled.Id);

    /// <summary>A hidden lead answers exactly like a lead that does not exist, and names nothing of it.</summary>
    private static async Task AssertLikeAnUnknownLeadAsync(HttpClient client, string route, string body, TestLead lead)
    {
        var unknownId = Guid.NewGuid().ToString();
        using var unknown = await client.GetAsync(route.Replace("{owned}", unknownId).Replace("{pooled}", unknownId));
        Assert.Equal(Rest.ComparableProblem(await unknown.Content.ReadAsStringAsync(), unknownId), Rest.ComparableProblem(body, lead.Id));
        Assert.DoesNotContain(Rest.Strings(body), s => s.Contains(lead.Company) || s.Contains(lead.Contact.Phone[^8..]));
    }
}
