using SalesMesh.Attribution;
using SalesMesh.Attribution.Grpc;

AttributionApp.Create(args).Run();

namespace SalesMesh.Attribution
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class AttributionApp
    {
        public static WebApplication Create(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<AttributionGrpcService>();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
