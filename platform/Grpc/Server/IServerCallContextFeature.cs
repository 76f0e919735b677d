using Grpc.Core;

namespace Grpc.AspNetCore.Server;

/// <summary>HttpContext feature exposing the gRPC call being served (used for context propagation).</summary>
public interface IServerCallContextFeature
{
    ServerCallContext ServerCallContext { get; }
}
