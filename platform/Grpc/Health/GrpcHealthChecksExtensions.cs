using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the grpc.health.v1.Health service.</summary>
    public static class GrpcHealthChecksServiceCollectionExtensions
    {
        /// <summary>
        /// Adds grpc.health.v1.Health backed by ASP.NET Core health checks. Register checks on the
        /// returned builder (<c>.AddCheck(...)</c>); map per-service names in <paramref name="configure"/>.
        /// Then call <c>app.MapGrpcHealthChecksService()</c>.
        /// </summary>
        public static IHealthChecksBuilder AddGrpcHealthChecks(this IServiceCollection services, Action<GrpcHealthChecksOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            if (configure is not null)
            {
                services.Configure(configure);
            }

            services.TryAddSingleton<HealthStatusMonitor>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HealthStatusMonitor>(sp => sp.GetRequiredService<HealthStatusMonitor>()));
            services.TryAddSingleton<HealthServiceImpl>();
            return services.AddHealthChecks();
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the grpc.health.v1.Health service.</summary>
    public static class GrpcHealthChecksEndpointRouteBuilderExtensions
    {
        /// <summary>Maps grpc.health.v1.Health (Check, List, Watch). Requires AddGrpc() and AddGrpcHealthChecks().</summary>
        public static GrpcServiceEndpointConventionBuilder MapGrpcHealthChecksService(this IEndpointRouteBuilder endpoints)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            return endpoints.MapGrpcService<HealthServiceImpl>();
        }
    }
}
