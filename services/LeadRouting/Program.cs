using SalesMesh.LeadRouting;
using SalesMesh.LeadRouting.Grpc;

LeadRoutingApp.Create(args).Run();

namespace SalesMesh.LeadRouting
{
    /// <summary>The whole service wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class LeadRoutingApp
    {
        public static WebApplication Create(string[] args) => Create(args, null);

        /// <param name="configure">Test hook run before Build (e.g. replace TimeProvider with a manual clock).</param>
        public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();
            configure?.Invoke(builder);

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapGrpcService<LeadRoutingGrpcService>();
            app.MapLeadOperations();
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
            return app;
        }
    }
}
