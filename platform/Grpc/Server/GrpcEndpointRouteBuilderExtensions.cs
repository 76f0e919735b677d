using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps every method of a generated gRPC service (POST /package.Service/Method).</summary>
    public static GrpcServiceEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder builder) where TService : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.ServiceProvider;
        var registry = services.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("请先调用 services.AddGrpc() / Call services.AddGrpc() before app.MapGrpcService<T>().");
        var options = new MethodOptions(
            services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value,
            services.GetRequiredService<IOptions<GrpcServiceOptions<TService>>>().Value);
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Grpc.AspNetCore.Server.ServerCallHandler");

        var binder = new ServiceMethodBinder<TService>(options, stopping, logger, services);
        ServiceMethodBinder<TService>.Bind(binder);

        var conventionBuilders = new List<IEndpointConventionBuilder>(binder.Methods.Count);
        foreach (var bound in binder.Methods)
        {
            registry.AddService(bound.Method.ServiceName);
            var endpoint = builder.Map(RoutePatternFactory.Parse(bound.Method.FullName), bound.RequestDelegate)
                .WithMetadata(new HttpMethodMetadata(["POST"]), new GrpcMethodMetadata(typeof(TService), bound.Method))
                .WithDisplayName($"gRPC - {bound.Method.FullName}");
            conventionBuilders.Add(endpoint);
        }

        UnimplementedEndpoints.MapOnce(builder, registry);
        return new GrpcServiceEndpointConventionBuilder(conventionBuilders);
    }
}

/// <summary>Applies conventions (RequireAuthorization, WithMetadata, ...) to every method endpoint of a service.</summary>
public sealed class GrpcServiceEndpointConventionBuilder : IEndpointConventionBuilder
{
    private readonly IReadOnlyList<IEndpointConventionBuilder> _inner;

    internal GrpcServiceEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> inner) => _inner = inner;

    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in _inner)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in _inner)
        {
            builder.Finally(finallyConvention);
        }
    }
}
