using Grpc.Core;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRoutingBench;

/// <summary>
/// The roster and policy every run routes against, written through the gRPC API as an admin:
/// 50 reps, 10 per territory over 5 territories, each qualified for 2 of 5 product lines (every
/// line has 4 qualified reps in every territory), a backup in the same territory, capacity at the
/// API's maximum (10,000) so a long run keeps routing to reps instead of filling them up.
/// </summary>
internal static class RosterSeed
{
    public static readonly string[] Territories = ["杭州", "上海", "南京", "苏州", "宁波"];
    public static readonly string[] ProductLines = ["ortho", "imaging", "dental", "lab", "rehab"];
    public const int Reps = 50;

    public static Caller Admin { get; } = new("bench-admin", "压测管理员", new HashSet<string> { CallerRoles.Admin }, null);

    /// <summary>Who submits leads: an intake desk rep (IntakeLead only needs a signed identity).</summary>
    public static Caller IntakeDesk { get; } = new("bench-intake-desk", "压测录入", new HashSet<string> { CallerRoles.Rep }, "intake");

    public static async Task SeedAsync(LeadRoutingService.LeadRoutingServiceClient client, Metadata admin)
    {
        for (var i = 0; i < Reps; i++)
        {
            var territory = i / 10;
            var rep = new RosterRep
            {
                UserId = new UserId { Value = RepId(i) },
                DisplayName = $"销售{i:D2}",
                TeamId = $"team-{territory}",
                Supervisor = new UserId { Value = $"bench-sup-{territory}" },
                Territories = { Territories[territory] },
                Qualifications = { ProductLines[i % 5], ProductLines[(i + 2) % 5] },
                Capacity = 10_000,
            };
            await client.UpsertRepAsync(new UpsertRepRequest { Rep = rep }, admin);
        }
        // Backups once every rep exists (a backup must be on the roster).
        for (var i = 0; i < Reps; i++)
        {
            var listed = (await client.ListRosterAsync(new ListRosterRequest(), admin)).Reps.Single(r => r.UserId.Value == RepId(i));
            listed.Backup = new UserId { Value = RepId(i / 10 * 10 + (i + 1) % 10) };
            await client.UpsertRepAsync(new UpsertRepRequest { Rep = listed, ExpectedVersion = listed.Version }, admin);
        }

        var current = (await client.GetRoutingPolicyAsync(new GetRoutingPolicyRequest(), admin)).Policy;
        var policy = current.Clone();
        policy.ProductLineQualifications.Clear();
        foreach (var line in ProductLines)
            policy.ProductLineQualifications[line] = line;
        policy.Territory = new TerritoryRule { SameTerritoryFirst = true };
        policy.Territory.Neighbors["杭州"] = new TerritoryList { Territories = { "宁波", "上海" } };
        policy.Territory.Neighbors["上海"] = new TerritoryList { Territories = { "苏州", "杭州" } };
        policy.Territory.Neighbors["南京"] = new TerritoryList { Territories = { "苏州" } };
        policy.Territory.Neighbors["苏州"] = new TerritoryList { Territories = { "上海", "南京" } };
        policy.Territory.Neighbors["宁波"] = new TerritoryList { Territories = { "杭州" } };
        await client.PutRoutingPolicyAsync(new PutRoutingPolicyRequest
        {
            Policy = policy,
            ExpectedVersion = current.Version,
            Comment = "压测路由策略 / bench policy",
        }, admin);
    }

    public static string RepId(int i) => $"bench-rep-{i:D2}";
}
