using SalesMesh.Gateway;
using SalesMesh.Gateway.Auth;
using SalesMesh.Gateway.OpenApi;
using SalesMesh.Gateway.Security;
using SalesMesh.Gateway.Transcoding;
using SalesMesh.Gateway.Web;

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
            app.UseSecurityHeaders();
            app.UseRouting();
            app.UseCors(ApplicationServiceExtensions.CorsPolicy);
            app.UseAuthentication();
            app.UseRejectInvalidTokens();
            app.UseRedisRateLimits();
            app.UseAuthorization();

            app.MapDefaultEndpoints();
            app.MapAuthEndpoints();
            app.MapUserAdminEndpoints();
            app.MapTranscodedRoutes();
            app.MapGet("/openapi/v1.json", (OpenApiDocument document) => Results.Text(document.Json, "application/json; charset=utf-8")).AllowAnonymous();
            app.MapWebConsole();
            return app;
        }
    }
}
