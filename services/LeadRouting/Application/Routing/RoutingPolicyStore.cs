using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Routing;

namespace SalesMesh.LeadRouting.Application.Routing;

/// <summary>
/// The current routing policy (LR-3): the highest stored version of policy <see cref="PolicyId"/>,
/// or the built-in <see cref="RoutingPolicy.Default"/> as version 1 until an admin saves one
/// (the first save is version 2).
/// </summary>
public static class RoutingPolicyStore
{
    public const string PolicyId = "default";

    public static async Task<RoutingPolicy> GetCurrentAsync(LeadRoutingDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.RoutingPolicies.AsNoTracking()
            .Where(p => p.PolicyId == PolicyId)
            .OrderByDescending(p => p.Version)
            .Select(p => new { p.Version, p.Document })
            .FirstOrDefaultAsync(cancellationToken);
        return stored is null
            ? RoutingPolicy.Default(PolicyId, 1)
            : DomainJson.DeserializePolicy(stored.Document) with { PolicyId = PolicyId, Version = stored.Version };
    }
}
