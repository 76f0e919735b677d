namespace SalesMesh.ServiceDefaults.Health;

/// <summary>Tags that decide which endpoint runs a health check.</summary>
public static class HealthTags
{
    /// <summary>Process liveness: included in <c>/alive</c>. Never tag a dependency check with it.</summary>
    public const string Live = "live";

    /// <summary>Dependencies (database, cache, broker): only in <c>/health</c>.</summary>
    public const string Ready = "ready";
}
