namespace SalesMesh.ServiceDefaults.Identity;

/// <summary>The roles of PRODUCT §2 as they travel in the internal token (lower-case names).</summary>
public static class CallerRoles
{
    public const string Rep = "rep";
    public const string Supervisor = "supervisor";
    public const string Presales = "presales";
    public const string Delivery = "delivery";
    public const string Finance = "finance";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Rep, Supervisor, Presales, Delivery, Finance, Admin]);
}

/// <summary>
/// The authenticated person behind a call, as vouched for by the gateway's internal token.
/// Services make every authorization decision from this, never from ids in a request body.
/// </summary>
public sealed record Caller(string UserId, string DisplayName, IReadOnlySet<string> Roles, string? TeamId)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsSupervisor => IsInRole(CallerRoles.Supervisor) || IsInRole(CallerRoles.Admin);

    public bool IsAdmin => IsInRole(CallerRoles.Admin);
}
