using SalesMesh.Activities;
using SalesMesh.Activities.Grpc;

ActivitiesApp.Create(args).Run();

namespace SalesMesh.Activities
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class ActivitiesApp
    {
        /// <param name="args">Command-line arguments (configuration).</param>
        /// <param name="configure">Tests only: runs right before Build, e.g. to register a manual <see cref="TimeProvider"/>.</param>
        public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();
            builder.AddFollowUp();
            configure?.Invoke(builder);

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<ActivitiesGrpcService>();
            app.MapFollowUp();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
