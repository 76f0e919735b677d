using System.IO.Compression;
using Grpc.Core.Interceptors;
using Grpc.Net.Compression;
using Microsoft.Extensions.DependencyInjection;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>Global and per-service options merged once at map time, so calls read plain fields.</summary>
internal sealed class MethodOptions
{
    public MethodOptions(GrpcServiceOptions global, GrpcServiceOptions? perService)
    {
        MaxReceiveMessageSize = perService?.MaxReceiveMessageSize ?? global.MaxReceiveMessageSize;
        MaxSendMessageSize = perService?.MaxSendMessageSize ?? global.MaxSendMessageSize;
        EnableDetailedErrors = perService?.EnableDetailedErrors ?? global.EnableDetailedErrors ?? false;
        ResponseCompressionLevel = perService?.ResponseCompressionLevel ?? global.ResponseCompressionLevel;
        var providers = perService is { CompressionProviders.Count: > 0 } ? perService.CompressionProviders : global.CompressionProviders;
        CompressionProviders = new Dictionary<string, ICompressionProvider>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            CompressionProviders[provider.EncodingName] = provider;
        }

        var algorithm = perService?.ResponseCompressionAlgorithm ?? global.ResponseCompressionAlgorithm;
        if (algorithm is not null && !CompressionProviders.TryGetValue(algorithm, out _))
        {
            throw new InvalidOperationException($"未注册压缩算法 '{algorithm}' / Response compression algorithm '{algorithm}' has no registered provider.");
        }

        ResponseCompressionAlgorithm = algorithm;
        AcceptEncodingHeader = string.Join(",", ["identity", .. CompressionProviders.Keys]);

        var registrations = new List<InterceptorRegistration>(global.Interceptors);
        if (perService is not null)
        {
            registrations.AddRange(perService.Interceptors);
        }

        Interceptors = new InterceptorActivator[registrations.Count];
        for (var i = 0; i < registrations.Count; i++)
        {
            Interceptors[i] = new InterceptorActivator(registrations[i]);
        }
    }

    public int? MaxReceiveMessageSize { get; }

    public int? MaxSendMessageSize { get; }

    public bool EnableDetailedErrors { get; }

    public string? ResponseCompressionAlgorithm { get; }

    public CompressionLevel? ResponseCompressionLevel { get; }

    public Dictionary<string, ICompressionProvider> CompressionProviders { get; }

    public string AcceptEncodingHeader { get; }

    public InterceptorActivator[] Interceptors { get; }
}

/// <summary>Creates an interceptor per call: from DI when registered there, otherwise with ActivatorUtilities.</summary>
internal sealed class InterceptorActivator(InterceptorRegistration registration)
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(registration.Type, GetArgumentTypes(registration));
    private readonly object[] _arguments = [.. registration.Arguments];

    public Interceptor Create(IServiceProvider services, out bool created)
    {
        if (_arguments.Length == 0 && services.GetService(registration.Type) is Interceptor registered)
        {
            created = false;
            return registered;
        }

        created = true;
        return (Interceptor)_factory(services, _arguments);
    }

    private static Type[] GetArgumentTypes(InterceptorRegistration registration)
    {
        var types = new Type[registration.Arguments.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = registration.Arguments[i].GetType();
        }

        return types;
    }
}
