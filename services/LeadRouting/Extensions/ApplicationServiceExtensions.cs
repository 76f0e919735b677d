using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Data;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (leads-db), cache, message bus with outbox, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<LeadRoutingDbContext>("leads-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<LeadRoutingDbContext>(messaging => messaging.AddEventContractsFrom<LeadReceived>());

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
