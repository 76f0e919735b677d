using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Intake;
using SalesMesh.LeadRouting.Application.Leads;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Database (leads-db), cache, message bus with outbox, caller identity, routing services, gRPC server, health and reflection.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<LeadRoutingDbContext>("leads-db");
        builder.AddRedisClient("cache");
        builder.AddMessaging<LeadRoutingDbContext>(messaging => messaging.AddEventContractsFrom<LeadReceived>().AddLeadOperationsConsumers());
        builder.AddInternalIdentity();

        // Time is injectable: tests replace TimeProvider to move SLA clocks without sleeping.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<LeadAssignmentService>();
        builder.Services.AddScoped<LeadIntakeService>();
        builder.Services.AddScoped<LeadLifecycleService>();
        builder.Services.AddScoped<HistorySealer>();
        builder.Services.AddHostedService<HistorySealerWorker>();
        builder.AddLeadOperations();

        // Imports carry files up to 5 MB (LeadFileReader.MaxBytes): room for that plus the envelope, so an
        // oversized file gets the service's own INVALID_ARGUMENT instead of the transport's RESOURCE_EXHAUSTED.
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 8 * 1024 * 1024);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
