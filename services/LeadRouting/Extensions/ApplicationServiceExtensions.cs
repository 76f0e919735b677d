using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Intake;
using SalesMesh.LeadRouting.Application.Leads;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.CircuitBreaking;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// The largest uploads are an appeal's evidence (at most 11 MiB in total, EvidencePolicy) and an
    /// import file (5 MB, LeadFileReader.MaxBytes). The receive limit is the larger of the two plus
    /// 1 MiB for the rest of the message (reason, file names), so every legal request fits and a file
    /// over its own limit gets the service's INVALID_ARGUMENT naming it, not the transport's
    /// RESOURCE_EXHAUSTED. Requests far beyond that are cut off before they are buffered.
    /// </summary>
    public static readonly int MaxReceiveMessageSize =
        (int)Math.Max(EvidencePolicy.Default.MaxTotalBytes, LeadFileReader.MaxBytes) + 1024 * 1024;

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

        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = MaxReceiveMessageSize);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }
}
