using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesMesh.ServiceDefaults.Identity;

/// <summary>
/// The gateway's statement "this call is made by <see cref="Caller"/>": a compact JWS (HS256)
/// with issuer, audience and a short expiry. Kept dependency-free so every service verifies it
/// the same way without an identity stack.
/// </summary>
public static class InternalToken
{
    public const string Issuer = "salesmesh-gateway";
    public const string Audience = "salesmesh-services";

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public static string Issue(Caller caller, byte[] key, DateTimeOffset now, TimeSpan lifetime)
    {
        var claims = new TokenClaims(caller.UserId, caller.DisplayName, [.. caller.Roles.Order(StringComparer.Ordinal)],
            caller.TeamId, Issuer, Audience, now.ToUnixTimeSeconds(), now.Add(lifetime).ToUnixTimeSeconds());
        var signingInput = Base64Url.EncodeToString(Header) + "." +
            Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJson.Default.TokenClaims));
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput, key));
    }

    /// <summary>Returns the caller, or null with a reason when the token is malformed, forged, expired or not for us.</summary>
    public static Caller? Verify(string token, byte[] key, DateTimeOffset now, TimeSpan clockSkew, out string? failure)
    {
        failure = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            failure = "malformed";
            return null;
        }
        byte[] signature;
        TokenClaims? claims;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            if (!Base64Url.DecodeFromChars(parts[0]).AsSpan().SequenceEqual(Header))
            {
                failure = "unsupported header";
                return null;
            }
            claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), TokenJson.Default.TokenClaims);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            failure = "malformed";
            return null;
        }
        // Constant-time comparison: a forged token learns nothing from how long rejection took.
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1], key)))
        {
            failure = "bad signature";
            return null;
        }
        if (claims is null || claims.Iss != Issuer || claims.Aud != Audience || string.IsNullOrEmpty(claims.Sub))
        {
            failure = "wrong issuer, audience or subject";
            return null;
        }
        if (now.ToUnixTimeSeconds() > claims.Exp + (long)clockSkew.TotalSeconds)
        {
            failure = "expired";
            return null;
        }
        var roles = (claims.Roles ?? []).Where(CallerRoles.All.Contains).ToHashSet(StringComparer.Ordinal);
        return new Caller(claims.Sub, claims.Name ?? claims.Sub, roles, string.IsNullOrEmpty(claims.Team) ? null : claims.Team);
    }

    private static byte[] Sign(string signingInput, byte[] key) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
}

internal sealed record TokenClaims(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("roles")] string[]? Roles,
    [property: JsonPropertyName("team")] string? Team,
    [property: JsonPropertyName("iss")] string Iss,
    [property: JsonPropertyName("aud")] string Aud,
    [property: JsonPropertyName("iat")] long Iat,
    [property: JsonPropertyName("exp")] long Exp);

[JsonSerializable(typeof(TokenClaims))]
internal sealed partial class TokenJson : JsonSerializerContext;
