using Grpc.Core;

namespace Grpc.Net.ClientFactory;

/// <summary>Creates clients registered with AddGrpcClient by name.</summary>
public abstract class GrpcClientFactory
{
    public abstract TClient CreateClient<TClient>(string name) where TClient : class;
}
