namespace SalesMesh.Gateway.Auth;

/// <summary>
/// Configuration section <c>Gateway:Auth</c>. Embedded default: the gateway's own user store signs
/// HS256 access tokens with <see cref="SigningKey"/> (the AppHost generates one per run and gives it
/// to every gateway replica). Production with an identity provider: set <see cref="Authority"/>
/// (OIDC issuer URL) and <see cref="Audience"/>; bearer tokens are then validated against the
/// provider's published keys and the built-in sign-in endpoints answer 404.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Base64 HMAC key (≥ 32 bytes) for the built-in store's access tokens.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "salesmesh-gateway";

    public string Audience { get; set; } = "salesmesh-clients";

    /// <summary>OIDC authority (e.g. https://login.example.com/realms/salesmesh); empty = built-in store.</summary>
    public string? Authority { get; set; }

    /// <summary>Claim holding roles in tokens from <see cref="Authority"/> (our own tokens use "role").</summary>
    public string RoleClaim { get; set; } = GatewayClaims.Role;

    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public int LockoutFailures { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>User name of the administrator created (with a random password, logged once) when the store is empty.</summary>
    public string SeedAdminUserName { get; set; } = "admin";

    /// <summary>
    /// Password for that administrator, for unattended set-ups (CI, scripted installs) that must sign in
    /// without reading the log; empty = generate one and log it once. Only used while the store is empty.
    /// </summary>
    public string? SeedAdminPassword { get; set; }

    public bool UsesExternalAuthority => !string.IsNullOrWhiteSpace(Authority);
}
