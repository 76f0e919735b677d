using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Grpc.Net.ClientFactory;

/// <summary>Settings of one named gRPC client registered with AddGrpcClient.</summary>
public sealed class GrpcClientFactoryOptions
{
    /// <summary>Explicit server address; when null it comes from configuration (services:{name}:grpc:0, then services:{name}:http:0).</summary>
    public Uri? Address { get; set; }

    public IList<Action<GrpcChannelOptions>> ChannelOptionsActions { get; } = [];

    public IList<Action<CallOptionsContext>> CallOptionsActions { get; } = [];

    internal List<Func<IServiceProvider, Interceptor>> InterceptorFactories { get; } = [];

    internal Func<HttpMessageHandler>? PrimaryHandlerFactory { get; set; }
}

/// <summary>Lets CallOptionsActions adjust each call's options.</summary>
public sealed class CallOptionsContext(CallOptions callOptions, IServiceProvider serviceProvider)
{
    public CallOptions CallOptions { get; set; } = callOptions;

    public IServiceProvider ServiceProvider { get; } = serviceProvider;
}

public sealed class GrpcContextPropagationOptions
{
    /// <summary>When false (default) a call made outside a gRPC server call throws; when true it just goes out unpropagated.</summary>
    public bool SuppressContextNotFoundErrors { get; set; }
}
