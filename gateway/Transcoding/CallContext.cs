using System.Security.Claims;
using Grpc.Core;
using SalesMesh.Gateway.Auth;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// What travels with every gateway → service call: the caller's language, the internal identity
/// token minted for this very request (services verify it and decide), a deadline and the
/// client's cancellation.
/// </summary>
public sealed class CallContext(InternalTokenService tokens)
{
    public static readonly TimeSpan UnaryTimeout = TimeSpan.FromSeconds(15);

    public CallOptions Options(HttpContext http, DateTime? deadline)
    {
        var headers = new Metadata();
        var language = http.Request.Headers.AcceptLanguage.ToString();
        if (language.Length > 0)
            headers.Add("accept-language", language);
        if (CallerOf(http.User) is { } caller)
            headers.Add(InternalTokenOptions.MetadataKey, tokens.Issue(caller));
        return new CallOptions(headers, deadline, http.RequestAborted);
    }

    /// <summary>The signed-in person as services know them, or null for an anonymous request.</summary>
    public static Caller? CallerOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(GatewayClaims.Subject)?.Value is not { Length: > 0 } subject)
            return null;
        var roles = user.FindAll(user.RoleClaimType() ?? GatewayClaims.Role).Select(c => c.Value).Where(CallerRoles.All.Contains).ToHashSet(StringComparer.Ordinal);
        return new Caller(subject, user.FindFirst(GatewayClaims.Name)?.Value ?? subject, roles, user.FindFirst(GatewayClaims.Team)?.Value);
    }
}
