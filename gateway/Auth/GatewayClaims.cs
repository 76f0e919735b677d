namespace SalesMesh.Gateway.Auth;

/// <summary>Claim names of the gateway's access tokens (JWT registered names, inbound mapping off).</summary>
public static class GatewayClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Team = "team";
    public const string UserName = "preferred_username";
}
