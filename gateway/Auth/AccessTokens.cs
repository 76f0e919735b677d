using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SalesMesh.Gateway.Data;

namespace SalesMesh.Gateway.Auth;

/// <summary>Signs the built-in store's access tokens (JWT, HS256, 15 minutes by default).</summary>
public sealed class AccessTokens(IOptions<AuthOptions> options, GatewaySigningKey key, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AuthOptions Options => options.Value;

    public (string Token, int ExpiresInSeconds) Issue(UserRecord user)
    {
        var now = time.GetUtcNow();
        var claims = new List<Claim>
        {
            new(GatewayClaims.Subject, user.Id.ToString()),
            new(GatewayClaims.Name, user.DisplayName),
            new(GatewayClaims.UserName, user.UserName),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(GatewayClaims.Role, r)));
        if (!string.IsNullOrEmpty(user.TeamId))
            claims.Add(new Claim(GatewayClaims.Team, user.TeamId));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = Options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Options.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)Options.AccessTokenLifetime.TotalSeconds);
    }
}

/// <summary>
/// The HMAC key of the built-in store's tokens. Without <c>Gateway:Auth:SigningKey</c> an ephemeral
/// key is made (tokens then die with the process and replicas cannot share them; the AppHost
/// always sets one).
/// </summary>
public sealed class GatewaySigningKey
{
    public GatewaySigningKey(AuthOptions options)
    {
        var bytes = string.IsNullOrWhiteSpace(options.SigningKey)
            ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
            : Convert.FromBase64String(options.SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must decode to at least 32 bytes.");
        IsEphemeral = string.IsNullOrWhiteSpace(options.SigningKey);
        Key = new SymmetricSecurityKey(bytes);
    }

    public SymmetricSecurityKey Key { get; }

    public bool IsEphemeral { get; }
}
