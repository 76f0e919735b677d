using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SalesMesh.Gateway.Data;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Auth;

public static class AuthenticationSetup
{
    /// <summary>
    /// Bearer authentication (built-in store or an OIDC authority), the user store in gateway-db,
    /// the admin policy. Anonymous requests still reach the services (which refuse them where a
    /// caller is required); a request that presents a bad token is refused here.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton(sp => new GatewaySigningKey(sp.GetRequiredService<IOptions<AuthOptions>>().Value));
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        builder.Services.AddScoped<SignInService>();

        builder.AddNpgsqlDbContext<GatewayDbContext>("gateway-db");
        builder.Services.AddHostedService<AdminSeeder>(); // after the migration service: hosted services start in order

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<GatewaySigningKey, IOptions<AuthOptions>>((jwt, key, auth) => Configure(jwt, key, auth.Value));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UserAdminEndpoints.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ServiceDefaults.Identity.CallerRoles.Admin));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, GatewaySigningKey key, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        if (auth.UsesExternalAuthority)
        {
            jwt.Authority = auth.Authority;
            jwt.Audience = auth.Audience;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            jwt.TokenValidationParameters.NameClaimType = GatewayClaims.Name;
            jwt.TokenValidationParameters.RoleClaimType = auth.RoleClaim;
        }
        else
        {
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = key.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = GatewayClaims.Name,
                RoleClaimType = GatewayClaims.Role,
            };
        }
        jwt.Events = new JwtBearerEvents
        {
            // EventSource cannot set headers, so SSE routes (and only they) take ?access_token=.
            OnMessageReceived = context =>
            {
                if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ServerSentEventsEndpoint>() is not null
                    && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                    context.Token = token;
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                await Problems.Status(context.HttpContext, StatusCodes.Status401Unauthorized,
                    Problems.Text(context.HttpContext, "请先登录，或登录已过期。", "Sign in first, or your sign-in has expired.")).ExecuteAsync(context.HttpContext);
            },
            OnForbidden = context =>
                Problems.Status(context.HttpContext, StatusCodes.Status403Forbidden,
                    Problems.Text(context.HttpContext, "无权执行此操作。", "You are not allowed to do this.")).ExecuteAsync(context.HttpContext),
        };
    }

    /// <summary>
    /// A request that carries a token which did not validate (forged, expired, wrong audience) is
    /// answered 401 here, even on routes anonymous callers may use: it must not silently proceed
    /// as "anonymous".
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidTokens(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var presented = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || http.GetEndpoint()?.Metadata.GetMetadata<ServerSentEventsEndpoint>() is not null && http.Request.Query.ContainsKey("access_token");
        if (presented && http.User.Identity?.IsAuthenticated != true)
        {
            await Problems.Status(http, StatusCodes.Status401Unauthorized,
                Problems.Text(http, "登录令牌无效或已过期，请重新登录。", "The sign-in token is invalid or expired; sign in again.")).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    public static string? RoleClaimType(this ClaimsPrincipal user) => (user.Identity as ClaimsIdentity)?.RoleClaimType;
}
