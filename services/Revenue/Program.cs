using SalesMesh.Revenue;
using SalesMesh.Revenue.Grpc;

RevenueApp.Create(args).Run();

namespace SalesMesh.Revenue
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class RevenueApp
    {
        public static WebApplication Create(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<RevenueGrpcService>();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
