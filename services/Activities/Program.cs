using SalesMesh.Activities;
using SalesMesh.Activities.Grpc;

ActivitiesApp.Create(args).Run();

namespace SalesMesh.Activities
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class ActivitiesApp
    {
        public static WebApplication Create(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<ActivitiesGrpcService>();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
