using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SalesMesh.Gateway.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Auth;

/// <summary>
/// At first start (empty user store) creates the administrator with a random password and writes
/// it to the log exactly once; it is never stored in clear or shown again. An unattended set-up may
/// configure the password instead (<see cref="AuthOptions.SeedAdminPassword"/>); then nothing is logged. Registered after the
/// migration service, so the schema exists. Two replicas starting together: the unique user name
/// lets one insert win; the other logs nothing.
/// </summary>
public sealed class AdminSeeder(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<AdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UsesExternalAuthority)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (await db.Users.AnyAsync(cancellationToken))
            return;

        var configured = options.Value.SeedAdminPassword;
        var password = string.IsNullOrEmpty(configured) ? NewPassword() : configured;
        var admin = new UserRecord
        {
            Id = Guid.NewGuid(),
            UserName = SignInService.Normalize(options.Value.SeedAdminUserName),
            DisplayName = "管理员 Administrator",
            PasswordHash = "",
            Roles = [CallerRoles.Admin],
            CreatedAt = time.GetUtcNow(),
        };
        admin.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserRecord>>().HashPassword(admin, password);
        db.Users.Add(admin);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return; // another replica seeded it
        }
        if (!string.IsNullOrEmpty(configured))
        {
            logger.LogInformation("Seeded the administrator account {UserName} with the configured password", admin.UserName);
            return;
        }
        logger.LogWarning(
            "Seeded the administrator account (shown only this once; change it after signing in): user name {UserName}, password {Password}",
            admin.UserName, password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>20 characters from an alphabet without look-alikes (~115 bits).</summary>
    public static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);
}
