using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Apis;

public static class LeadsApi
{
    /// <summary>POST /api/v1/leads → LeadRoutingService.IntakeLead (the proto's google.api.http rule, body "*").</summary>
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/leads", async (HttpContext http, LeadRoutingService.LeadRoutingServiceClient leadRouting) =>
        {
            var (request, problem) = await GrpcRest.ReadBodyAsync<IntakeLeadRequest>(http);
            if (problem is not null)
                return problem;
            return await GrpcRest.CallAsync(http, options => leadRouting.IntakeLeadAsync(request!, options));
        });
        return app;
    }
}
