namespace SalesMesh.ServiceDefaults.Identity;

/// <summary>
/// Configuration section <c>SalesMesh:InternalToken</c> (environment <c>SalesMesh__InternalToken__SigningKey</c>).
/// The AppHost generates one key per run and gives it to the gateway (which signs) and to every
/// service (which verifies). Without a key nothing verifies, so no call can claim an identity.
/// </summary>
public sealed class InternalTokenOptions
{
    public const string Section = "SalesMesh:InternalToken";

    /// <summary>The gRPC metadata key carrying the token on every gateway → service call.</summary>
    public const string MetadataKey = "x-salesmesh-identity";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes once decoded.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an issued token is valid. Short, because it is minted per request.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Clock difference between gateway and service that is still accepted.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    internal byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }
        var bytes = Convert.FromBase64String(SigningKey);
        return bytes.Length >= 32
            ? bytes
            : throw new InvalidOperationException($"{Section}:SigningKey must decode to at least 32 bytes.");
    }
}
