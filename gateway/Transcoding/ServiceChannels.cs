using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// One gRPC channel (connection pool) per target service, addressed through the Aspire
/// service-discovery keys the AppHost injects: <c>services:{name}:grpc:0</c>, else <c>…:http:0</c>.
/// </summary>
public sealed class ServiceChannels(IConfiguration configuration, ILogger<ServiceChannels> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    /// <summary>The invoker of <paramref name="serviceName"/>; UNAVAILABLE (→ 503) when no address is configured, so only that service's routes fail.</summary>
    public CallInvoker For(string serviceName)
    {
        if (_channels.TryGetValue(serviceName, out var existing))
            return existing.CreateCallInvoker();
        var address = configuration[$"services:{serviceName}:grpc:0"] ?? configuration[$"services:{serviceName}:http:0"];
        if (string.IsNullOrWhiteSpace(address))
        {
            logger.LogWarning("No address for service {Service}: set services:{Service}:grpc:0", serviceName, serviceName);
            throw new RpcException(new Status(StatusCode.Unavailable, $"Service '{serviceName}' has no configured address."));
        }
        return _channels.GetOrAdd(serviceName, _ => GrpcChannel.ForAddress(address)).CreateCallInvoker();
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
            channel.Dispose();
    }
}
