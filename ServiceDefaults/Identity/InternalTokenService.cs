using Microsoft.Extensions.Options;

namespace SalesMesh.ServiceDefaults.Identity;

/// <summary>Issues (gateway) and verifies (services) internal tokens with the configured key and clock.</summary>
public sealed class InternalTokenService(IOptions<InternalTokenOptions> options, TimeProvider time)
{
    private readonly InternalTokenOptions _options = options.Value;
    private readonly byte[]? _key = options.Value.KeyBytes();

    /// <summary>False when no signing key is configured: then every token is refused.</summary>
    public bool IsConfigured => _key is not null;

    public string Issue(Caller caller) =>
        InternalToken.Issue(caller, _key ?? throw new InvalidOperationException(
            $"No internal token key: set {InternalTokenOptions.Section}:SigningKey (the AppHost does)."),
            time.GetUtcNow(), _options.Lifetime);

    public Caller? Verify(string token, out string? failure)
    {
        if (_key is null)
        {
            failure = "no signing key configured";
            return null;
        }
        return InternalToken.Verify(token, _key, time.GetUtcNow(), _options.ClockSkew, out failure);
    }
}
