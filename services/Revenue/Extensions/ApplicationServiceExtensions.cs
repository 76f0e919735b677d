using SalesMesh.Revenue.Data;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (revenue-db), cache, message bus with outbox, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<RevenueDbContext>("revenue-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<RevenueDbContext>();

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
