using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.ClientFactory;
using Grpc.Net.ClientFactory.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Grpc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The builder returned by AddGrpcClient; same method names as grpc-dotnet's IHttpClientBuilder extensions.</summary>
public interface IGrpcClientBuilder
{
    string Name { get; }

    IServiceCollection Services { get; }
}

public static class GrpcClientServiceExtensions
{
    /// <summary>Registers TClient (transient) on a channel named after the client type.</summary>
    public static IGrpcClientBuilder AddGrpcClient<TClient>(this IServiceCollection services, Action<GrpcClientFactoryOptions>? configureClient = null)
        where TClient : ClientBase =>
        services.AddGrpcClient<TClient>(typeof(TClient).Name, configureClient);

    /// <summary>
    /// Registers TClient (transient) on the named channel. Its address is o.Address, else configuration key
    /// services:{name}:grpc:0, else services:{name}:http:0 (Aspire service-discovery keys).
    /// </summary>
    public static IGrpcClientBuilder AddGrpcClient<TClient>(this IServiceCollection services, string name, Action<GrpcClientFactoryOptions>? configureClient = null)
        where TClient : ClientBase
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddOptions();
        services.TryAddSingleton<GrpcClientFactory, DefaultGrpcClientFactory>();
        services.TryAddSingleton<GrpcChannelCache>();
        if (configureClient is not null)
        {
            services.Configure(name, configureClient);
        }

        services.AddTransient(sp => sp.GetRequiredService<GrpcClientFactory>().CreateClient<TClient>(name));
        return new GrpcClientBuilder(name, services);
    }

    public static IGrpcClientBuilder AddInterceptor<TInterceptor>(this IGrpcClientBuilder builder) where TInterceptor : Interceptor =>
        builder.AddInterceptor(sp => sp.GetService<TInterceptor>() ?? ActivatorUtilities.CreateInstance<TInterceptor>(sp));

    public static IGrpcClientBuilder AddInterceptor(this IGrpcClientBuilder builder, Func<IServiceProvider, Interceptor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Configure<GrpcClientFactoryOptions>(builder.Name, o => o.InterceptorFactories.Add(factory));
        return builder;
    }

    public static IGrpcClientBuilder AddInterceptor(this IGrpcClientBuilder builder, Func<Interceptor> factory) =>
        builder.AddInterceptor(_ => factory());

    public static IGrpcClientBuilder ConfigureChannel(this IGrpcClientBuilder builder, Action<GrpcChannelOptions> configure)
    {
        builder.Services.Configure<GrpcClientFactoryOptions>(builder.Name, o => o.ChannelOptionsActions.Add(configure));
        return builder;
    }

    public static IGrpcClientBuilder ConfigurePrimaryHttpMessageHandler(this IGrpcClientBuilder builder, Func<HttpMessageHandler> factory)
    {
        builder.Services.Configure<GrpcClientFactoryOptions>(builder.Name, o => o.PrimaryHandlerFactory = factory);
        return builder;
    }

    /// <summary>Outgoing calls made while serving a gRPC call inherit its deadline and cancellation.</summary>
    public static IGrpcClientBuilder EnableCallContextPropagation(this IGrpcClientBuilder builder, Action<GrpcContextPropagationOptions>? configure = null)
    {
        builder.Services.AddHttpContextAccessor();
        var options = new GrpcContextPropagationOptions();
        configure?.Invoke(options);
        return builder.AddInterceptor(sp => new ContextPropagationInterceptor(sp.GetRequiredService<IHttpContextAccessor>(), options));
    }

    /// <summary>Retries UNAVAILABLE with exponential backoff + jitter (Polly), only for the unary methods listed as safe.</summary>
    public static IGrpcClientBuilder AddRetryOnUnavailable(this IGrpcClientBuilder builder, Action<GrpcRetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new GrpcRetryOptions();
        configure(options);
        var interceptor = new RetryOnUnavailableInterceptor(options);
        return builder.AddInterceptor(_ => interceptor);
    }

    private sealed class GrpcClientBuilder(string name, IServiceCollection services) : IGrpcClientBuilder
    {
        public string Name { get; } = name;

        public IServiceCollection Services { get; } = services;
    }
}
