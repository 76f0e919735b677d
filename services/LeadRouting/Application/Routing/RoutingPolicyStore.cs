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
        if (stored is null)
            return RoutingPolicy.Default(PolicyId, 1);
        if (Parsed.Count > MaxParsed)
            Parsed.Clear();
        return Parsed.GetOrAdd((stored.Version, stored.Document),
            key => DomainJson.DeserializePolicy(key.Document) with { PolicyId = PolicyId, Version = key.Version });
    }

    /// <summary>
    /// Parsed policies by stored version and document (every intake reads the policy; parsing it is
    /// most of that cost). Keyed by the document too, since one process may serve several databases (tests).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Version, string Document), RoutingPolicy> Parsed = new();
    private const int MaxParsed = 64;
}
