using Grpc.AspNetCore.Server.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers gRPC server reflection.</summary>
    public static class GrpcReflectionServiceCollectionExtensions
    {
        /// <summary>
        /// Adds server reflection (grpc.reflection.v1 and v1alpha) describing every service mapped
        /// with MapGrpcService, plus <see cref="GrpcReflectionOptions.Services"/>. Then call
        /// <c>app.MapGrpcReflectionService()</c>.
        /// </summary>
        public static IServiceCollection AddGrpcReflection(this IServiceCollection services, Action<GrpcReflectionOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            services.AddOptions<GrpcReflectionOptions>();
            if (configure is not null)
            {
                services.Configure(configure);
            }

            services.TryAddSingleton<ReflectionServiceSource>();
            services.TryAddSingleton<ReflectionServiceV1>();
            services.TryAddSingleton<ReflectionServiceV1Alpha>();
            return services;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps gRPC server reflection.</summary>
    public static class GrpcReflectionEndpointRouteBuilderExtensions
    {
        /// <summary>
        /// Maps grpc.reflection.v1.ServerReflection and grpc.reflection.v1alpha.ServerReflection
        /// (grpcurl and buf curl try v1 first, then v1alpha). Requires AddGrpc() and AddGrpcReflection().
        /// </summary>
        public static IEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            var v1 = endpoints.MapGrpcService<ReflectionServiceV1>();
            var v1Alpha = endpoints.MapGrpcService<ReflectionServiceV1Alpha>();
            return new CompositeConventionBuilder([v1, v1Alpha]);
        }

        /// <summary>Applies conventions (e.g. RequireHost, RequireAuthorization) to both versions.</summary>
        private sealed class CompositeConventionBuilder(IEndpointConventionBuilder[] builders) : IEndpointConventionBuilder
        {
            public void Add(Action<EndpointBuilder> convention)
            {
                foreach (var builder in builders)
                {
                    builder.Add(convention);
                }
            }

            public void Finally(Action<EndpointBuilder> finallyConvention)
            {
                foreach (var builder in builders)
                {
                    builder.Finally(finallyConvention);
                }
            }
        }
    }
}
