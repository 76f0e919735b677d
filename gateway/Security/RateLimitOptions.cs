namespace SalesMesh.Gateway.Security;

/// <summary>
/// Configuration section <c>Gateway:RateLimits</c>. Fixed windows counted in Redis (shared by every
/// gateway replica): each /api request counts against its client IP and, when signed in, its user.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Redis key prefix; replicas that must share counters use the same one.</summary>
    public string KeyPrefix { get; set; } = "gateway:rl:";

    public WindowLimit PerIp { get; set; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };

    public WindowLimit PerUser { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
