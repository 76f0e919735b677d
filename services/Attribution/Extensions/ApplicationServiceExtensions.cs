using SalesMesh.Attribution.Data;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (attribution-db), cache, message bus with outbox, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<AttributionDbContext>("attribution-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<AttributionDbContext>();

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
