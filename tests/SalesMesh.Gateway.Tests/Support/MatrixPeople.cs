using System.Collections.Concurrent;
using System.Net.Http.Headers;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>The callers of an authorization matrix (the columns of its tables), in table order.</summary>
public enum Who
{
    /// <summary>The rep who owns the lead or customer under test (team A).</summary>
    OwnerRep,
    /// <summary>Another rep of team A, with the same direct supervisor.</summary>
    SameTeamRep,
    /// <summary>A rep of team B.</summary>
    OtherTeamRep,
    /// <summary>Team A's supervisor, named on the roster as the owner's direct supervisor.</summary>
    TeamSupervisor,
    /// <summary>Team B's supervisor.</summary>
    OtherTeamSupervisor,
    Admin,
    /// <summary>Finance, presales and delivery carry team A in their account: a team alone grants nothing.</summary>
    Finance,
    Presales,
    Delivery,
    /// <summary>No token at all.</summary>
    Anonymous,
}

/// <summary>
/// One matrix's people: a gateway account per <see cref="Who"/> and LeadRouting roster entries made
/// through the REST API by the admin (LeadRouting's roster decides leads' teams and publishes
/// RosterChanged, from which Activities learns who supervises whom). Each class arranges its own
/// people, so teams and territories are unique and other tests' leads never land in them by territory.
/// </summary>
public sealed class MatrixPeople
{
    private readonly GatewayFixture _fixture;
    private readonly Dictionary<Who, TestUser> _users;
    private readonly ConcurrentDictionary<Who, (string Token, DateTime SignedInAt)> _tokens = new();

    private MatrixPeople(GatewayFixture fixture, string suffix, Dictionary<Who, TestUser> users, TestUser poolFeeder)
    {
        _fixture = fixture;
        _users = users;
        PoolFeeder = poolFeeder;
        TeamA = "team-a-" + suffix;
        TeamB = "team-b-" + suffix;
        OwnerTerritory = "矩阵甲" + suffix;
        SameTeamTerritory = "矩阵乙" + suffix;
        OtherTeamTerritory = "矩阵丙" + suffix;
        PoolTerritory = "矩阵公海" + suffix;
    }

    public static readonly Who[] Everyone = Enum.GetValues<Who>();

    public string TeamA { get; }
    public string TeamB { get; }

    /// <summary>Leads of this territory are routed to the owner (the only rep covering it); likewise below.</summary>
    public string OwnerTerritory { get; }
    public string SameTeamTerritory { get; }
    public string OtherTeamTerritory { get; }

    /// <summary>Routed to <see cref="PoolFeeder"/>, a rep outside the matrix whose leads are moved to the public
    /// pool, so no matrix rep is a previous owner (who would have to wait out the re-claim cooldown).</summary>
    public string PoolTerritory { get; }
    public TestUser PoolFeeder { get; }

    public string IdOf(Who who) => _users[who].Id.ToString();

    public static async Task<MatrixPeople> CreateAsync(GatewayFixture fixture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var teamA = "team-a-" + suffix;
        var teamB = "team-b-" + suffix;
        var teamSupervisor = await fixture.CreateUserAsync([CallerRoles.Supervisor], teamA);
        var otherSupervisor = await fixture.CreateUserAsync([CallerRoles.Supervisor], teamB);
        var users = new Dictionary<Who, TestUser>
        {
            [Who.OwnerRep] = await fixture.CreateUserAsync([CallerRoles.Rep], teamA, teamSupervisor.Id),
            [Who.SameTeamRep] = await fixture.CreateUserAsync([CallerRoles.Rep], teamA, teamSupervisor.Id),
            [Who.OtherTeamRep] = await fixture.CreateUserAsync([CallerRoles.Rep], teamB, otherSupervisor.Id),
            [Who.TeamSupervisor] = teamSupervisor,
            [Who.OtherTeamSupervisor] = otherSupervisor,
            [Who.Admin] = await fixture.CreateUserAsync([CallerRoles.Admin]),
            [Who.Finance] = await fixture.CreateUserAsync([CallerRoles.Finance], teamA),
            [Who.Presales] = await fixture.CreateUserAsync([CallerRoles.Presales], teamA),
            [Who.Delivery] = await fixture.CreateUserAsync([CallerRoles.Delivery], teamA),
        };
        var feeder = await fixture.CreateUserAsync([CallerRoles.Rep], "team-pool-" + suffix);
        var people = new MatrixPeople(fixture, suffix, users, feeder);

        using var admin = await people.ClientAsync(Who.Admin);
        await people.PutRepAsync(admin, people.IdOf(Who.OwnerRep), "矩阵销售甲", teamA, people.IdOf(Who.TeamSupervisor), people.OwnerTerritory);
        await people.PutRepAsync(admin, people.IdOf(Who.SameTeamRep), "矩阵销售乙", teamA, people.IdOf(Who.TeamSupervisor), people.SameTeamTerritory);
        await people.PutRepAsync(admin, people.IdOf(Who.OtherTeamRep), "矩阵销售丙", teamB, people.IdOf(Who.OtherTeamSupervisor), people.OtherTeamTerritory);
        await people.PutRepAsync(admin, feeder.Id.ToString(), "公海投放员", "team-pool-" + suffix, null, people.PoolTerritory);
        return people;
    }

    /// <summary>Creates a roster entry (version 1) through the REST API; fails the test if refused.</summary>
    public async Task PutRepAsync(HttpClient admin, string userId, string name, string teamId, string? supervisorId, string? territory)
    {
        await Rest.OkAsync(admin, HttpMethod.Put, $"/api/v1/roster/reps/{userId}", new
        {
            rep = new
            {
                userId = new { value = userId },
                displayName = name,
                teamId,
                supervisor = supervisorId is null ? null : new { value = supervisorId },
                territories = territory is null ? Array.Empty<string>() : [territory],
                capacity = 500,
            },
            expectedVersion = 0,
        });
    }

    /// <summary>A gateway client signed in as <paramref name="who"/> (a plain one for <see cref="Who.Anonymous"/>).
    /// Tokens are reused for a few minutes: signing in hashes a password, which is slow on purpose.</summary>
    public async Task<HttpClient> ClientAsync(Who who)
    {
        var client = new HttpClient { BaseAddress = new Uri(_fixture.Gateway.HttpUrl) };
        if (who == Who.Anonymous)
            return client;
        if (!_tokens.TryGetValue(who, out var cached) || DateTime.UtcNow - cached.SignedInAt > TimeSpan.FromMinutes(5))
        {
            var tokens = await _fixture.SignInAsync(_users[who]);
            cached = (tokens.GetProperty("accessToken").GetString()!, DateTime.UtcNow);
            _tokens[who] = cached;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
        return client;
    }
}
