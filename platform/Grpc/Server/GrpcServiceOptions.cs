using System.IO.Compression;
using Grpc.Net.Compression;

namespace Grpc.AspNetCore.Server;

/// <summary>Server settings for every gRPC service (AddGrpc(options => ...)).</summary>
public class GrpcServiceOptions
{
    /// <summary>Largest request message accepted; null = no limit. Default 4 MB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent; null = no limit. Default 4 MB.</summary>
    public int? MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Send exception type and message to clients for unhandled handler exceptions (development only).</summary>
    public bool? EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with this algorithm when the client accepts it (e.g. "gzip").</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    public CompressionLevel? ResponseCompressionLevel { get; set; }

    public IList<ICompressionProvider> CompressionProviders { get; } = [new GzipCompressionProvider()];

    public InterceptorCollection Interceptors { get; } = [];
}

/// <summary>Settings for one service type; unset values fall back to the global GrpcServiceOptions.</summary>
public class GrpcServiceOptions<TService> : GrpcServiceOptions where TService : class
{
    public GrpcServiceOptions()
    {
        MaxReceiveMessageSize = null;
        MaxSendMessageSize = null;
        CompressionProviders.Clear();
    }
}

/// <summary>One registered server interceptor: its type and constructor arguments (resolved from DI first).</summary>
public sealed class InterceptorRegistration
{
    public InterceptorRegistration(Type type, object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(Grpc.Core.Interceptors.Interceptor).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} 不是 Interceptor / {type} is not an Interceptor.", nameof(type));
        }

        Type = type;
        Arguments = arguments ?? [];
    }

    public Type Type { get; }

    public IReadOnlyList<object> Arguments { get; }
}

public sealed class InterceptorCollection : System.Collections.ObjectModel.Collection<InterceptorRegistration>
{
    public void Add<TInterceptor>(params object[] args) where TInterceptor : Grpc.Core.Interceptors.Interceptor =>
        Add(new InterceptorRegistration(typeof(TInterceptor), args));

    public void Add(Type interceptorType, params object[] args) => Add(new InterceptorRegistration(interceptorType, args));
}

/// <summary>Endpoint metadata on every mapped gRPC method (used by reflection, health, auth policies).</summary>
public sealed class GrpcMethodMetadata
{
    public GrpcMethodMetadata(Type serviceType, Grpc.Core.IMethod method)
    {
        ServiceType = serviceType;
        Method = method;
    }

    public Type ServiceType { get; }

    public Grpc.Core.IMethod Method { get; }
}
