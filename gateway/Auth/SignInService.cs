using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMesh.Gateway.Data;

namespace SalesMesh.Gateway.Auth;

public enum SignInStatus { Succeeded, BadCredentials, LockedOut }

public sealed record TokenPair(string AccessToken, int ExpiresInSeconds, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt, UserRecord User);

public sealed record SignInResult(SignInStatus Status, TokenPair? Tokens = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Sign-in against the built-in store (ASP.NET Core Identity's PasswordHasher, lockout after
/// repeated failures), refresh with rotation and reuse detection, sign-out.
/// </summary>
public sealed class SignInService(
    GatewayDbContext db,
    AccessTokens accessTokens,
    IPasswordHasher<UserRecord> hasher,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    private readonly AuthOptions _options = options.Value;

    // Verifying against this when the user does not exist keeps the answer time the same, so
    // timing does not reveal which user names exist.
    private static readonly string DummyHash = new PasswordHasher<UserRecord>().HashPassword(null!, "not-a-real-password");

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var name = Normalize(userName);
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null || user.Disabled)
        {
            hasher.VerifyHashedPassword(null!, DummyHash, password);
            return new SignInResult(SignInStatus.BadCredentials);
        }
        if (user.LockedUntil > now)
            return new SignInResult(SignInStatus.LockedOut, LockedUntil: user.LockedUntil);

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // One atomic UPDATE, so parallel guesses cannot slip past the limit.
            var max = _options.LockoutFailures;
            var until = now.Add(_options.LockoutDuration);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= max ? until : u.LockedUntil)
                .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1 >= max ? 0 : u.FailedSignIns + 1), cancellationToken);
            var lockedUntil = await db.Users.Where(u => u.Id == user.Id).Select(u => u.LockedUntil).SingleAsync(cancellationToken);
            if (lockedUntil > now)
            {
                logger.LogWarning("User {User} locked out until {Until} after {Count} failed sign-ins", user.Id, lockedUntil, max);
                return new SignInResult(SignInStatus.LockedOut, LockedUntil: lockedUntil);
            }
            return new SignInResult(SignInStatus.BadCredentials);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, await IssueAsync(user, Guid.NewGuid(), cancellationToken));
    }

    /// <summary>Consumes <paramref name="refreshToken"/> and returns the next pair; null when the token is unknown, expired, revoked or reused (reuse revokes the family).</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = Hash(refreshToken);
        var record = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (record is null || record.RevokedAt is not null || record.ExpiresAt <= now)
            return null;

        // Conditional consume: of two requests presenting the same token, exactly one wins.
        var consumed = await db.RefreshTokens
            .Where(t => t.Id == record.Id && t.ConsumedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        if (consumed == 0)
        {
            logger.LogWarning("Refresh token reuse for user {User}: revoking token family {Family}", record.UserId, record.FamilyId);
            await RevokeFamilyAsync(record.FamilyId, now, cancellationToken);
            return null;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == record.UserId, cancellationToken);
        if (user is null || user.Disabled || user.LockedUntil > now)
        {
            await RevokeFamilyAsync(record.FamilyId, now, cancellationToken);
            return null;
        }
        return await IssueAsync(user, record.FamilyId, cancellationToken);
    }

    /// <summary>Revokes the whole family of <paramref name="refreshToken"/> (this device's session). Unknown tokens are ignored.</summary>
    public async Task SignOutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = Hash(refreshToken);
        var family = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (family is { } id)
            await RevokeFamilyAsync(id, time.GetUtcNow(), cancellationToken);
    }

    private Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private async Task<TokenPair> IssueAsync(UserRecord user, Guid familyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var refresh = Base64UrlToken();
        var record = new RefreshTokenRecord
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refresh),
            CreatedAt = now,
            ExpiresAt = now.Add(_options.RefreshTokenLifetime),
        };
        db.RefreshTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        var (access, expiresIn) = accessTokens.Issue(user);
        return new TokenPair(access, expiresIn, refresh, record.ExpiresAt, user);
    }

    /// <summary>Only the SHA-256 of a refresh token is stored: a database leak yields no usable tokens.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
