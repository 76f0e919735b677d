using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Contracts.Events;
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
        builder.AddLeadOperations();

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
