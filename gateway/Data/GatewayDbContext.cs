using Microsoft.EntityFrameworkCore;

namespace SalesMesh.Gateway.Data;

/// <summary>
/// The gateway's own database (gateway-db): the built-in user store and refresh tokens. PostgreSQL
/// rather than Redis because accounts and token families are records that must survive restarts
/// and need unique constraints and conditional updates (rotation), which the Redis here (no
/// persistence configured) would not give us.
/// </summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public const string Schema = "gateway";

    public DbSet<UserRecord> Users => Set<UserRecord>();
    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<UserRecord>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.UserName).HasColumnName("user_name");
            user.Property(u => u.DisplayName).HasColumnName("display_name");
            user.Property(u => u.PasswordHash).HasColumnName("password_hash");
            user.Property(u => u.Roles).HasColumnName("roles");
            user.Property(u => u.TeamId).HasColumnName("team_id");
            user.Property(u => u.SupervisorId).HasColumnName("supervisor_id");
            user.Property(u => u.FailedSignIns).HasColumnName("failed_sign_ins");
            user.Property(u => u.LockedUntil).HasColumnName("locked_until");
            user.Property(u => u.Disabled).HasColumnName("disabled");
            user.Property(u => u.CreatedAt).HasColumnName("created_at");
            user.HasIndex(u => u.UserName).IsUnique();
        });
        modelBuilder.Entity<RefreshTokenRecord>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasColumnName("id");
            token.Property(t => t.UserId).HasColumnName("user_id");
            token.Property(t => t.FamilyId).HasColumnName("family_id");
            token.Property(t => t.TokenHash).HasColumnName("token_hash");
            token.Property(t => t.CreatedAt).HasColumnName("created_at");
            token.Property(t => t.ExpiresAt).HasColumnName("expires_at");
            token.Property(t => t.ConsumedAt).HasColumnName("consumed_at");
            token.Property(t => t.RevokedAt).HasColumnName("revoked_at");
            token.HasIndex(t => t.TokenHash).IsUnique();
        });
    }
}

/// <summary>A person who signs in at the gateway. <see cref="UserName"/> is stored lower-case.</summary>
public sealed class UserRecord
{
    public Guid Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public string[] Roles { get; set; } = [];
    public string? TeamId { get; set; }
    public Guid? SupervisorId { get; set; }
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One refresh token, stored as its SHA-256 hash only. Tokens rotate: each use consumes the token
/// and issues the next one of the same family; presenting a consumed token again means it was
/// stolen (or replayed), and the whole family is revoked.
/// </summary>
public sealed class RefreshTokenRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
