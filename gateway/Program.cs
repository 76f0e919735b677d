using SalesMesh.Gateway;
using SalesMesh.Gateway.Apis;

GatewayApp.Create(args).Run();

namespace SalesMesh.Gateway
{
    /// <summary>The whole gateway wiring; a factory (not inline statements) so integration tests host this exact app on their own ports.</summary>
    public static class GatewayApp
    {
        public static WebApplication Create(string[] args)
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults();
            builder.AddApplicationServices();

            var app = builder.Build();
            app.MapDefaultEndpoints();
            app.MapLeadsApi();
            app.MapReadApis();
            return app;
        }
    }
}
