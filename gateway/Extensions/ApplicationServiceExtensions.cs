using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Attribution.V1;
using SalesMesh.Contracts.Insights.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Contracts.Revenue.V1;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// One gRPC client per service. Addresses come from services:{name}:grpc:0, which the AppHost
    /// injects for every referenced project (Aspire's service-discovery keys).
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpcClient<LeadRoutingService.LeadRoutingServiceClient>("lead-routing");
        builder.Services.AddGrpcClient<ActivitiesService.ActivitiesServiceClient>("activities");
        builder.Services.AddGrpcClient<AttributionService.AttributionServiceClient>("attribution");
        builder.Services.AddGrpcClient<RevenueService.RevenueServiceClient>("revenue");
        builder.Services.AddGrpcClient<InsightsService.InsightsServiceClient>("insights");
        return builder;
    }
}
