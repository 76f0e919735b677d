using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Messaging;
using SalesMesh.Activities.Rules;
using SalesMesh.Activities.VisitRecords;
using SalesMesh.Contracts.Events;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// Identity, database (activities-db), cache, message bus with outbox and the LeadConverted /
    /// RosterChanged consumers, the visit-record write path, gRPC server, health and reflection.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddInternalIdentity();
        builder.AddNpgsqlDbContext<ActivitiesDbContext>("activities-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<ActivitiesDbContext>(m => m
            .AddEventContractsFrom<LeadConverted>()
            .AddConsumer<LeadConvertedConsumer>(LeadConvertedConsumer.Queue)
            .AddConsumer<RosterChangedConsumer>(RosterChangedConsumer.Queue));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RuleSetStore>();
        builder.Services.AddScoped<VisitRecordWriter>();

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
