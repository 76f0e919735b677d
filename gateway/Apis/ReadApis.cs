using System.Globalization;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Attribution.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Insights.V1;
using SalesMesh.Contracts.Revenue.V1;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Apis;

public static class ReadApis
{
    /// <summary>The GET rules of the services' first methods; query parameters bind request fields as in the protos.</summary>
    public static IEndpointRouteBuilder MapReadApis(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/insights/lead-intake", async (HttpContext http, InsightsService.InsightsServiceClient insights) =>
        {
            var (start, startProblem) = GrpcRest.QueryTimestamp(http, "range.start");
            if (startProblem is not null)
                return startProblem;
            var (end, endProblem) = GrpcRest.QueryTimestamp(http, "range.end");
            if (endProblem is not null)
                return endProblem;
            var request = new GetLeadIntakeStatsRequest
            {
                Range = start is null && end is null ? null : new TimeRange { Start = start, End = end },
            };
            return await GrpcRest.CallAsync(http, options => insights.GetLeadIntakeStatsAsync(request, options));
        });

        app.MapGet("/api/v1/activities/pipeline-stages", (HttpContext http, ActivitiesService.ActivitiesServiceClient activities) =>
            GrpcRest.CallAsync(http, options => activities.GetPipelineStagesAsync(new GetPipelineStagesRequest(), options)));

        app.MapGet("/api/v1/attribution/role-model", async (HttpContext http, AttributionService.AttributionServiceClient attribution) =>
        {
            var text = http.Request.Query["version"].ToString();
            var version = 0;
            if (text.Length > 0 && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version))
                return Problems.BadInput(http, "version", Problems.PrefersEnglish(http) ? "The version must be a whole number." : "版本号须为整数。");
            return await GrpcRest.CallAsync(http, options => attribution.GetRoleModelAsync(new GetRoleModelRequest { Version = version }, options));
        });

        app.MapGet("/api/v1/revenue/bases", (HttpContext http, RevenueService.RevenueServiceClient revenue) =>
            GrpcRest.CallAsync(http, options => revenue.GetRevenueBasesAsync(new GetRevenueBasesRequest(), options)));
        return app;
    }
}
