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
        var stored = await Newest(db, cancellationToken);
        if (stored is null)
            return RoutingPolicy.Default(PolicyId, 1);
        var key = (db.Database.GetConnectionString() ?? "", stored.Version);
        if (Parsed.TryGetValue(key, out var known) && known.Document == stored.Document)
            return known.Policy;
        if (Parsed.Count > MaxParsed)
            Parsed.Clear();
        var policy = DomainJson.DeserializePolicy(stored.Document) with { PolicyId = PolicyId, Version = stored.Version };
        Parsed[key] = (stored.Document, policy);
        return policy;
    }

    private sealed record StoredPolicy(int Version, string Document);

    /// <summary>Compiled once: every intake reads the current policy.</summary>
    private static readonly Func<LeadRoutingDbContext, CancellationToken, Task<StoredPolicy?>> Newest =
        EF.CompileAsyncQuery((LeadRoutingDbContext db, CancellationToken _) => db.RoutingPolicies.AsNoTracking()
            .Where(p => p.PolicyId == PolicyId)
            .OrderByDescending(p => p.Version)
            .Select(p => new StoredPolicy(p.Version, p.Document))
            .FirstOrDefault());

    /// <summary>
    /// Version <paramref name="version"/> of this database's policy when this process has read it
    /// lately, else null. A stored version never changes, so a decision's version can be reused in
    /// the same unit of work without reading the policy again.
    /// </summary>
    public static RoutingPolicy? Cached(LeadRoutingDbContext db, int version) =>
        Parsed.TryGetValue((db.Database.GetConnectionString() ?? "", version), out var known) ? known.Policy : null;

    /// <summary>
    /// Parsed policies by database and stored version (every intake reads the policy; parsing it
    /// was most of that cost). The document is kept to notice a database recreated under the same name.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, int Version), (string Document, RoutingPolicy Policy)> Parsed = new();
    private const int MaxParsed = 64;
}
