using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>Callers and roster entries made fresh per test, so tests sharing one host never see each other's people.</summary>
internal static class People
{
    public static Caller Admin() => new("admin-" + Short(), "管理员", new HashSet<string> { CallerRoles.Admin }, null);

    public static Caller Supervisor(string team) => new("sup-" + Short(), "主管", new HashSet<string> { CallerRoles.Supervisor }, team);

    public static Caller Rep(string userId, string team) => new(userId, userId, new HashSet<string> { CallerRoles.Rep }, team);

    public static Caller Finance() => new("fin-" + Short(), "财务", new HashSet<string> { CallerRoles.Finance }, null);

    public static string Short() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>A unique mainland mobile number (13x + 8 random digits).</summary>
    public static string NewMobile() => "139" + Random.Shared.NextInt64(0, 100_000_000).ToString("D8");

    public static RosterRep RosterRep(string userId, string team, string[] territories, string[] qualifications, int capacity = 100,
        string? supervisor = null, string? name = null) => new()
    {
        UserId = new UserId { Value = userId },
        DisplayName = name ?? userId,
        TeamId = team,
        Supervisor = supervisor is null ? null : new UserId { Value = supervisor },
        Territories = { territories },
        Qualifications = { qualifications },
        Capacity = capacity,
    };

    public static IntakeLeadRequest Lead(string? phone = null, string? productLine = null, string? email = null, string? company = null,
        string? territory = null, LeadChannel channel = LeadChannel.WebForm, string name = "王磊")
    {
        var request = new IntakeLeadRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            Channel = channel,
            Name = name,
            Phone = phone ?? "",
            Email = email ?? "",
            Company = company ?? "",
            Territory = territory ?? "",
        };
        if (productLine is not null)
            request.ProductTags.Add(productLine);
        return request;
    }
}

/// <summary>A team of reps qualified for a product line nobody else has: leads of that line can only go to them.</summary>
internal sealed record TestTeam(string TeamId, string ProductLine, string Territory, Caller Supervisor, IReadOnlyList<Caller> Reps)
{
    public static async Task<TestTeam> CreateAsync(LeadRoutingHost host, int reps = 2, int capacity = 100)
    {
        var id = People.Short();
        var team = new TestTeam("team-" + id, "pl-" + id, "地域" + id, People.Supervisor("team-" + id), []);
        var admin = host.As(People.Admin());
        var members = new List<Caller>();
        for (var i = 0; i < reps; i++)
        {
            var rep = People.Rep($"rep-{id}-{i}", team.TeamId);
            await admin.UpsertRepAsync(new UpsertRepRequest
            {
                Rep = People.RosterRep(rep.UserId, team.TeamId, [team.Territory], [team.ProductLine], capacity, team.Supervisor.UserId),
            });
            members.Add(rep);
        }
        return team with { Reps = members };
    }

    public Caller RepById(string userId) => Reps.Single(r => r.UserId == userId);
}
