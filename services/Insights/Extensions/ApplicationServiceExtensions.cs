using SalesMesh.Insights.Data;
using SalesMesh.Insights.Events;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (insights-db), cache, message bus with the LeadReceived inbox consumer, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<InsightsDbContext>("insights-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<InsightsDbContext>(messaging => messaging.AddConsumer<LeadReceivedConsumer>(LeadReceivedConsumer.Queue));

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
