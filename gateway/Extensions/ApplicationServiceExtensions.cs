using SalesMesh.Gateway.Auth;
using SalesMesh.Gateway.OpenApi;
using SalesMesh.Gateway.Security;
using SalesMesh.Gateway.Transcoding;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    public const string CorsPolicy = "gateway";

    /// <summary>
    /// Transcoding from the contracts (routes, generic gRPC calls to services:{name}:grpc:0),
    /// sign-in and the user store (gateway-db), internal identity tokens, Redis rate limits (cache),
    /// CORS from Gateway:Cors:AllowedOrigins, OpenAPI.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceNames>();
        builder.Services.AddSingleton(sp => ContractCatalog.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServiceNames>()));
        builder.Services.AddSingleton<ServiceChannels>();
        builder.Services.AddSingleton<CallContext>();
        builder.Services.AddSingleton<UploadChecks>();
        builder.Services.AddSingleton<ProtoComments>();
        builder.Services.AddSingleton<OpenApiDocument>();

        builder.AddInternalIdentity();
        builder.AddGatewayAuthentication();

        builder.AddRedisClient("cache");
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        builder.Services.AddSingleton<RedisRateLimiter>();

        var origins = builder.Configuration.GetSection("Gateway:Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            // Bearer tokens, not cookies: no credentials needed cross-origin.
            policy.WithOrigins(origins).AllowAnyHeader().WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithExposedHeaders("Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
        return builder;
    }
}
