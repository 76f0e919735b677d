using Google.Protobuf.Reflection;

namespace Grpc.AspNetCore.Server.Reflection;

/// <summary>
/// Settings of the server-reflection service. Every service mapped with MapGrpcService is
/// described automatically; add services here that are served some other way.
/// </summary>
public sealed class GrpcReflectionOptions
{
    /// <summary>Extra services to describe, e.g. <c>o.Services.Add(Greeter.Descriptor)</c>.</summary>
    public IList<ServiceDescriptor> Services { get; } = [];
}
