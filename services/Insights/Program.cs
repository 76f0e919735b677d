using SalesMesh.Insights;
using SalesMesh.Insights.Grpc;

InsightsApp.Create(args).Run();

namespace SalesMesh.Insights
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class InsightsApp
    {
        public static WebApplication Create(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<InsightsGrpcService>();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
