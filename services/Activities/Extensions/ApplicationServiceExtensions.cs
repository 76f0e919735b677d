using SalesMesh.Activities.Data;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (activities-db), cache, message bus with outbox, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddInternalIdentity();
        builder.AddNpgsqlDbContext<ActivitiesDbContext>("activities-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<ActivitiesDbContext>();

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
