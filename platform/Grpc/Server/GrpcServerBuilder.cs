using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Internal;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public interface IGrpcServerBuilder
{
    IServiceCollection Services { get; }
}

public static class GrpcServicesExtensions
{
    /// <summary>Registers the gRPC server. Map services with app.MapGrpcService&lt;T&gt;().</summary>
    public static IGrpcServerBuilder AddGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRouting();
        services.AddOptions();
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, UnimplementedMatcherPolicy>());
        if (configureOptions is not null)
        {
            services.Configure(configureOptions);
        }

        return new GrpcServerBuilder(services);
    }

    /// <summary>Per-service settings that override the global ones.</summary>
    public static IGrpcServerBuilder AddServiceOptions<TService>(this IGrpcServerBuilder builder, Action<GrpcServiceOptions<TService>> configure)
        where TService : class
    {
        builder.Services.Configure(configure);
        return builder;
    }

    private sealed class GrpcServerBuilder(IServiceCollection services) : IGrpcServerBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
